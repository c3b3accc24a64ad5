// Times are stored in UTC and shown in Beijing time (Asia/Shanghai); dates are China's (lib/calendar.ts).
const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

export function formatDateTime(value: Date | null): string {
  return value ? dateTime.format(value) : "—";
}
