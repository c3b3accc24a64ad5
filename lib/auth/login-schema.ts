import { z } from "zod";

/** The login form's fields, checked in the browser (zodResolver) and again by next-auth's authorize. */
export const loginSchema = z.object({
  username: z.string().trim().min(1, "请输入用户名").max(64, "用户名过长"),
  password: z.string().min(1, "请输入密码").max(256, "密码过长"),
  totp: z.string().trim().regex(/^(\d{3} ?\d{3})?$/, "动态验证码为 6 位数字").default(""),
});
export type LoginInput = z.input<typeof loginSchema>;

/** What the login page says for each outcome code (same text for unknown user and wrong password). */
export function loginMessage(code: string, lockMinutes: number): string {
  switch (code) {
    case "INVALID":
      return "用户名或密码错误。";
    case "LOCKED":
      return `登录失败次数过多，账户已锁定 ${lockMinutes} 分钟。如需提前解锁，请联系安全管理员。`;
    case "TOTP_REQUIRED":
      return "请输入手机验证器（身份验证器应用）上显示的 6 位动态验证码。";
    case "TOTP_INVALID":
      return "动态验证码不正确或已使用过，请等下一个验证码出现后重试。";
    case "RATE_LIMITED":
      return "登录尝试过于频繁，请几分钟后再试。";
    case "expired":
      return "会话已过期或已失效，请重新登录。";
    default:
      return "登录失败，请稍后再试。";
  }
}
