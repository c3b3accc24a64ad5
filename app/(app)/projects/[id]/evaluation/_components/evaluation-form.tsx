"use client";

import { useForm, useWatch, type UseFormRegister } from "react-hook-form";
import { saveEvaluationAction } from "@/app/(app)/projects/[id]/evaluation/actions";
import { inputFromLines, type SavedLine } from "@/lib/evaluation/prefill";
import { BAND_RANGES, displayScore, scoreEvaluation } from "@/lib/evaluation/score";
import { fieldErrorsOf, type EvaluationFormValues } from "@/lib/evaluation/form-fields";
import type { EvaluationView } from "@/lib/evaluation/service";
import type { Band, EvaluationLine } from "@/lib/evaluation/types";
import { formatWan } from "@/lib/money";
import { NARRATIVE_KEYS, NARRATIVE_SECTIONS, type Narrative } from "@/lib/evaluation/narrative";
import { keepFocus } from "@/components/focus";
import { Card } from "@/components/ui/card";
import { describedBy, FieldError, FormOutcome, type FieldProblem } from "@/components/form-field";
import { useServerAction } from "@/components/use-server-action";

type Values = { version: number; achievementText: string; weightReason: string; narrative: Narrative; lines: Required<EvaluationFormValues["lines"][number]>[] };

const input = "w-full rounded-md border px-2 py-1 text-sm";
const LINE_FIELDS = { weight: "分值", actual: "实际完成值", band: "评价档次", bandPercent: "得分比例", overrideScore: "调整后得分", overrideReason: "调整理由", deviation: "偏差原因分析及改进措施" } as const;
const WEIGHTS_ERROR = "weights-error";

function defaults(view: EvaluationView): Values {
  const result = view.outcome.ok ? view.outcome.result : null;
  return {
    version: view.version,
    achievementText: view.achievementText,
    weightReason: view.weightReason,
    narrative: view.narrative,
    lines: view.lines.map((line, n) => {
      const given = view.input.indicators[n]!;
      return {
        indicatorId: line.id,
        weight: given.weight ?? result?.indicators[n]?.weight ?? "",
        actual: given.actual ?? "",
        band: given.band ?? "",
        bandPercent: given.bandPercent ?? "",
        overrideScore: given.override?.score ?? "",
        overrideReason: given.override?.reason ?? "",
        deviation: line.deviation,
      };
    }),
  };
}

/**
 * The self-evaluation form: every change is scored at once by the same engine the server uses
 * (lib/evaluation/score.ts), so the evaluator sees each line's score and its formula while typing;
 * the server scores it again when saving. From any field, Ctrl+Enter saves the draft and
 * Ctrl+Shift+Enter submits it, so a keyboard user need not go back up the page to the buttons.
 */
export function EvaluationForm({ view }: { view: EvaluationView }) {
  const initial = defaults(view);
  const form = useForm<Values>({ defaultValues: initial });
  const values = useWatch({ control: form.control }) as Values;
  const { pending, outcome: message, fieldErrors: serverErrors, attempt, run, setOutcome } = useServerAction();
  const readOnly = !view.can.edit;
  // Saved before a target change: the system filled in defaults, so the unit must save them itself first.
  const stale = view.review.length > 0;

  const saved = new Map<string, SavedLine>(values.lines.map((l) => [l.indicatorId, { weight: l.weight, actual: l.actual, band: (l.band || null) as Band | null, bandPercent: l.bandPercent || null, overrideScore: l.overrideScore || null, overrideReason: l.overrideReason || null }]));
  // A form that cannot be edited shows the scores it was given (a snapshot is never re-scored); one being edited is scored as typed.
  const outcome = readOnly ? view.outcome : scoreEvaluation(inputFromLines(view.funds, view.lines, saved, values.weightReason.trim() || null));
  const result = outcome.ok ? outcome.result : null;
  const liveErrors = fieldErrorsOf(outcome);
  const errorOf = (name: string) => serverErrors[name] ?? liveErrors[name];
  /** The summary's links, in the order of the form: the totals, each line's fields, the weights' reason. */
  const problemsOf = (errors: Record<string, string>): FieldProblem[] => [
    ...(errors.achievementText ? [{ id: "achievementText", label: "实际完成情况", message: errors.achievementText }] : []),
    ...(errors.weights ? [{ id: "line-0-weight", label: "分值", message: errors.weights }] : []),
    ...view.lines.flatMap((line, n) => (Object.keys(LINE_FIELDS) as (keyof typeof LINE_FIELDS)[]).flatMap((f) => (errors[`lines.${n}.${f}`] ? [{ id: `line-${n}-${f}`, label: `${line.name} · ${LINE_FIELDS[f]}`, message: errors[`lines.${n}.${f}`]! }] : []))),
    ...(errors.weightReason ? [{ id: "weightReason", label: "分值调整理由", message: errors.weightReason }] : []),
    ...NARRATIVE_KEYS.flatMap((key) => (errors[`narrative.${key}`] ? [{ id: `narrative-${key}`, label: `自评报告 · ${NARRATIVE_SECTIONS[key].title}`, message: errors[`narrative.${key}`]! }] : [])),
  ];

  const save = (submit: boolean) =>
    !(submit && stale) &&
    void run(() => saveEvaluationAction(view.project.id, form.getValues(), submit), {
      // The summary lists the live errors with the server's, in the form's order.
      refused: (response) => setOutcome({ ok: false, text: response.message, problems: problemsOf({ ...liveErrors, ...response.fieldErrors }) }),
      done: (saved) => {
        // A submitted form is read-only and its buttons go: focus goes to the sentence that says it was submitted.
        if (submit) {
          const said = () => document.querySelector<HTMLElement>("[data-outcome=evaluation-message]");
          said()?.focus();
          keepFocus(said);
        }
        form.setValue("version", saved!.version);
        return submit ? `已提交审核：总分 ${saved!.total}，等级“${saved!.grade}”。` : `已保存：总分 ${saved!.total}，等级“${saved!.grade}”。`;
      },
    });

  return (
    <form
      onSubmit={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        if (readOnly || e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
        e.preventDefault();
        save(e.shiftKey);
      }}
      className="space-y-5"
      aria-label="绩效自评表"
    >
      <section className="sticky top-0 z-10 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white/95 p-3 shadow-sm" aria-label="总分与操作">
        {/* Only the score is live: the buttons beside it are not re-read at every keystroke. */}
        <p className="text-sm" aria-live="polite" aria-atomic="true">
          总分 <strong id="evaluation-total" className="text-2xl tabular">{result?.total ?? "—"}</strong>
          <span className="ml-2">等级 <strong id="evaluation-grade" className="text-xl">{result?.grade ?? "—"}</strong></span>
        </p>
        {!readOnly && (
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" aria-disabled={pending} aria-keyshortcuts="Control+Enter" onClick={() => save(false)} className="rounded-md border border-slate-500 bg-white px-4 py-1.5 text-sm font-medium aria-disabled:opacity-50">保存草稿</button>
            <button type="button" disabled={stale} aria-disabled={pending} aria-keyshortcuts="Control+Shift+Enter" aria-describedby={stale ? "evaluation-review" : undefined} onClick={() => save(true)} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50 aria-disabled:opacity-50">提交审核</button>
            <p id="evaluation-keys" className="hidden text-xs text-slate-600 sm:block">在任一栏中按 Ctrl+Enter 保存草稿，Ctrl+Shift+Enter 提交审核</p>
          </div>
        )}
      </section>
      {stale && (
        <section id="evaluation-review" role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <h2 className="font-semibold">需要复核</h2>
          {view.source === "snapshot" && <p className="mt-1">{view.status === "APPROVED" ? "审核通过" : "保存"}后项目有以下变动：</p>}
          <ul className="mt-1 list-disc space-y-1 pl-5">{view.review.map((r) => <li key={r}>{r}</li>)}</ul>
          <p className="mt-1">{reviewAdvice(view)}</p>
        </section>
      )}
      <FormOutcome id="evaluation-message" outcome={message} attempt={attempt} />
      {result && <p className="text-sm text-slate-700" id="evaluation-explanation">{result.explanation}</p>}
      {errorOf("weights") && <p id={WEIGHTS_ERROR} data-field-error className="text-sm text-red-700">{errorOf("weights")}</p>}

      <Card aria-labelledby="goal-heading">
        <h2 id="goal-heading" className="font-semibold">年度总体目标</h2>
        <div className="mt-2 grid gap-3 md:grid-cols-2">
          <div>
            <h3 className="text-sm text-slate-600">预期目标</h3>
            <p className="mt-1 text-sm whitespace-pre-wrap">{view.project.annualGoal}</p>
          </div>
          <div>
            <label htmlFor="achievementText" className="text-sm text-slate-600">实际完成情况</label>
            <textarea rows={4} readOnly={readOnly} defaultValue={view.achievementText} {...form.register("achievementText")} {...describedBy("achievementText", errorOf("achievementText"))} className={input} />
            <FieldError id="achievementText" error={errorOf("achievementText")} />
          </div>
        </div>
      </Card>

      <Card className="overflow-x-auto" aria-labelledby="funds-heading">
        <h2 id="funds-heading" className="font-semibold">项目资金（万元）</h2>
        <table className="mt-2 w-full text-sm">
          <thead className="text-left text-slate-600">
            <tr><th scope="col">年初预算数</th><th scope="col">全年预算数</th><th scope="col">全年执行数</th><th scope="col">分值</th><th scope="col">执行率</th><th scope="col">得分</th></tr>
          </thead>
          <tbody className="tabular">
            <tr>
              <td>{formatWan(view.funds.initialBudget)}</td><td>{formatWan(view.funds.adjustedBudget)}</td><td>{formatWan(view.funds.spent)}</td>
              <td>{result?.executionWeight ?? "10"}</td><td>{result?.executionRate ?? "—"}%</td><td id="execution-score">{result ? displayScore(result.executionScore) : "—"}</td>
            </tr>
          </tbody>
        </table>
        {result && <p className="mt-1 text-xs text-slate-600">{result.executionExplanation}</p>}
      </Card>

      <section className="space-y-3" aria-labelledby="lines-heading">
        <h2 id="lines-heading" className="font-semibold">绩效指标</h2>
        {view.lines.map((line, n) => (
          <Line key={line.id} n={n} line={line} initial={initial.lines[n]!} scored={result?.indicators[n]} register={form.register} errorOf={errorOf} readOnly={readOnly} band={values.lines[n]?.band ?? ""} />
        ))}
      </section>

      <NarrativeFields view={view} register={form.register} errorOf={errorOf} readOnly={readOnly} />

      <Card>
        <label htmlFor="weightReason" className="text-sm font-medium">分值调整理由<span className="ml-1 font-normal text-slate-600">（分值与默认方案不同时必填）</span></label>
        <textarea rows={2} readOnly={readOnly} defaultValue={view.weightReason} {...form.register("weightReason")} {...describedBy("weightReason", errorOf("weightReason"))} className={input} />
        <FieldError id="weightReason" error={errorOf("weightReason")} />
      </Card>
    </form>
  );
}


/** The report's narrative (lib/evaluation/narrative.ts): five sections, pre-filled with a factual draft until saved. */
function NarrativeFields({ view, register, errorOf, readOnly }: { view: EvaluationView; register: UseFormRegister<Values>; errorOf: (name: string) => string | undefined; readOnly: boolean }) {
  return (
    <Card className="space-y-3" aria-labelledby="narrative-heading">
      <h2 id="narrative-heading" className="font-semibold">自评报告</h2>
      {view.narrativeDrafted && !readOnly && (
        <p id="narrative-drafted" className="rounded bg-sky-50 px-2 py-1 text-sm text-sky-900">以下内容是系统按本项目的资金、指标、完成值、得分和偏差分析起草的事实陈述，请修改补充后随自评一起保存、提交。</p>
      )}
      {NARRATIVE_KEYS.map((key) => {
        const name = `narrative.${key}` as const;
        return (
          <div key={key}>
            <label htmlFor={`narrative-${key}`} className="text-sm font-medium">{NARRATIVE_SECTIONS[key].title}<span className="ml-1 font-normal text-slate-600">（{NARRATIVE_SECTIONS[key].hint}）</span></label>
            <textarea rows={key === "workText" || key === "problemText" ? 4 : 3} readOnly={readOnly} defaultValue={view.narrative[key]} {...register(name)} {...describedBy(`narrative-${key}`, errorOf(name))} className={input} />
            <FieldError id={`narrative-${key}`} error={errorOf(name)} />
          </div>
        );
      })}
    </Card>
  );
}

/** What to do about 需要复核, by what the screen shows and where the evaluation stands. */
function reviewAdvice(view: EvaluationView): string {
  if (view.source === "form") return view.can.edit ? "下表已按默认规则补全，核对无误后请先“保存草稿”，再提交审核。" : "下表已按默认规则补全以便查看和导出；须由本单位填报人核对后重新保存。";
  const kept = "下表仍是当时保存的内容，分数没有随之改变。";
  if (view.status === "APPROVED") return `${kept}如需按现在的目标和支出重新自评，请系统管理员说明原因重新打开，经填报人重新保存、提交并再次审核通过。`;
  if (view.status === "SUBMITTED") return `${kept}审核人不能审核通过，请退回填报人核对后重新保存、提交。`;
  return `${kept}请本单位填报人核对后重新保存。`;
}

function Line({ n, line, initial, scored, register, errorOf, readOnly, band }: {
  n: number;
  initial: Values["lines"][number];
  line: EvaluationView["lines"][number];
  scored: EvaluationLine | undefined;
  register: UseFormRegister<Values>;
  errorOf: (name: string) => string | undefined;
  readOnly: boolean;
  band: string;
}) {
  const id = (field: string) => `line-${n}-${field}`;
  const field = (name: "weight" | "actual" | "bandPercent" | "overrideScore" | "overrideReason" | "deviation") => `lines.${n}.${name}` as const;
  const error = (name: string) => errorOf(`lines.${n}.${name}`);
  const aria = (name: keyof typeof LINE_FIELDS) => describedBy(id(name), error(name));
  // The weights' total is wrong as a whole: every weight field is described by that message too.
  const weightsError = errorOf("weights");
  const weightAria = { ...aria("weight"), ...(weightsError ? { "aria-invalid": true, "aria-describedby": [aria("weight")["aria-describedby"], WEIGHTS_ERROR].filter(Boolean).join(" ") } : {}) };
  const range = band ? BAND_RANGES[band as Band] : null;
  return (
    <article className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-labelledby={id("name")} data-line={n}>
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={id("name")} className="font-medium">
          <span className="mr-2 text-xs text-slate-600">{line.level1} · {line.category}</span>{line.name}
        </h3>
        <p className="text-sm">目标 <strong className="tabular">{line.target}</strong></p>
      </header>
      <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <label className="text-sm text-slate-700" htmlFor={id("weight")}>分值
          <input inputMode="decimal" readOnly={readOnly} defaultValue={initial.weight} {...register(field("weight"))} {...weightAria} className={input} />
        </label>
        <label className="text-sm text-slate-700" htmlFor={id("actual")}>实际完成值{line.unit && !line.qualitative ? `（${line.unit}）` : ""}
          <input readOnly={readOnly} list={line.options.length ? id("options") : undefined} defaultValue={initial.actual} {...register(field("actual"))} {...aria("actual")} className={input} />
          {line.options.length > 0 && <datalist id={id("options")}>{line.options.map((o) => <option key={o} value={o} />)}</datalist>}
        </label>
        {line.qualitative && (
          <>
            <label className="text-sm text-slate-700" htmlFor={id("band")}>评价档次
              <select disabled={readOnly} defaultValue={initial.band} {...register(`lines.${n}.band`)} {...aria("band")} className={input}>
                <option value="">按实际完成情况建议</option>
                {(Object.keys(BAND_RANGES) as Band[]).map((b) => <option key={b} value={b}>{BAND_RANGES[b].label}</option>)}
              </select>
            </label>
            <label className="text-sm text-slate-700" htmlFor={id("bandPercent")}>得分比例（%）{range && <span className="text-xs text-slate-600">{range.min}–{range.max}</span>}
              <input inputMode="decimal" readOnly={readOnly || !band} defaultValue={initial.bandPercent} {...register(field("bandPercent"))} {...aria("bandPercent")} className={input} />
            </label>
          </>
        )}
      </div>
      {(["weight", "actual", "band", "bandPercent"] as const).map((k) => <FieldError key={k} id={id(k)} error={error(k)} />)}
      <p className="mt-2 text-sm">
        得分 <strong className="tabular" data-score={n}>{scored ? displayScore(scored.score) : "—"}</strong>
        {scored?.overridden && <span className="ml-2 text-xs text-amber-800">（系统计算 {displayScore(scored.computedScore)}，已调整）</span>}
        {line.prefilledFrom && <span className="ml-2 text-xs text-slate-600">实际值取自 {line.prefilledFrom}</span>}
      </p>
      {scored && <p className="text-xs text-slate-600">{scored.explanation}</p>}
      {scored?.notes.map((note) => <p key={note} className="mt-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">{note}</p>)}
      <details className="mt-2 text-sm" open={!!scored?.overridden || !!error("overrideScore") || !!error("overrideReason")}>
        <summary className="cursor-pointer text-slate-700">调整得分（须说明理由）</summary>
        <div className="mt-2 grid gap-2 sm:grid-cols-3">
          <label className="text-slate-700" htmlFor={id("overrideScore")}>调整后得分
            <input inputMode="decimal" readOnly={readOnly} defaultValue={initial.overrideScore} {...register(field("overrideScore"))} {...aria("overrideScore")} className={input} />
          </label>
          <label className="text-slate-700 sm:col-span-2" htmlFor={id("overrideReason")}>调整理由
            <input readOnly={readOnly} defaultValue={initial.overrideReason} {...register(field("overrideReason"))} {...aria("overrideReason")} className={input} />
          </label>
        </div>
        <FieldError id={id("overrideScore")} error={error("overrideScore")} />
        <FieldError id={id("overrideReason")} error={error("overrideReason")} />
      </details>
      <label className="mt-2 block text-sm text-slate-700" htmlFor={id("deviation")}>
        偏差原因分析及改进措施{scored?.needsDeviationAnalysis && <span className="ml-1 text-red-700">（未完全达成，必填）</span>}
        <textarea rows={2} readOnly={readOnly} defaultValue={initial.deviation} {...register(field("deviation"))} {...aria("deviation")} className={input} />
      </label>
      <FieldError id={id("deviation")} error={error("deviation")} />
    </article>
  );
}
