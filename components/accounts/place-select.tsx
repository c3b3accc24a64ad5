import type { Places } from "@/lib/accounts/list";

/**
 * Where an account belongs: a unit for 填报人 and 单位审核人 (grouped by department), a department
 * for everyone else. Plain <select>, usable with react-hook-form's register or on its own.
 */
export function PlaceSelect({ kind, places, id, ...rest }: { kind: "unit" | "department"; places: Places; id: string } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select id={id} {...rest}>
      <option value="">{kind === "unit" ? "请选择单位" : "请选择部门"}</option>
      {kind === "unit"
        ? places.departments.map((d) => (
            <optgroup key={d.id} label={`${d.code} ${d.name}`}>
              {d.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.code} {u.name}
                </option>
              ))}
            </optgroup>
          ))
        : places.departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.code} {d.name}
            </option>
          ))}
    </select>
  );
}
