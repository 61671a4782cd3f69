import type { AccountRole, Scope } from "./accounts.ts";
import type { RequestFilter, SchoolPlace, SchoolRequest } from "./requests.ts";

/** Who acts, as far as permissions go: a role and, for some roles, the place it is limited to. */
export interface Person {
  readonly role: AccountRole;
  readonly scope: Scope | null;
}

/** Whether a place (a request's or a school's) is inside a scope. */
function inside(
  scope: Scope,
  place: { codigoModular: string; codigoLocal: string | null; ubigeo: string; ugel: string | null },
): boolean {
  switch (scope.kind) {
    case "department":
      return place.ubigeo.slice(0, 2) === scope.code;
    case "ugel":
      return place.ugel === scope.code;
    case "school":
      return place.codigoModular === scope.code;
    case "local":
      return place.codigoLocal === scope.code;
  }
}

/** Directors and teachers file for their own school (or a school of their premises). */
export function canFile(person: Person, school: SchoolPlace): boolean {
  return person.role === "school" && person.scope !== null && inside(person.scope, school);
}

/** National roles see every request; officers those of their department or UGEL; a school its own. */
export function canSee(person: Person, request: SchoolRequest): boolean {
  if (person.role === "admin" || person.role === "planner") return true;
  if (person.role === "officer" || person.role === "school")
    return person.scope !== null && inside(person.scope, request);
  return false;
}

/** Only a DRE or UGEL officer of the request's place (or an administrator) decides on it. */
export function canReview(person: Person, request: SchoolRequest): boolean {
  if (person.role === "admin") return true;
  return person.role === "officer" && person.scope !== null && inside(person.scope, request);
}

/** A school withdraws its own pending requests. */
export function canWithdraw(person: Person, request: SchoolRequest): boolean {
  return person.role === "school" && person.scope !== null && inside(person.scope, request);
}

/** The filter a list of requests is narrowed to for a person, or null when they see none. */
export function visibleRequests(person: Person): RequestFilter | null {
  if (person.role === "admin" || person.role === "planner") return {};
  if ((person.role !== "officer" && person.role !== "school") || person.scope === null) return null;
  const { kind, code } = person.scope;
  return kind === "department"
    ? { department: code }
    : kind === "ugel"
      ? { ugel: code }
      : kind === "school"
        ? { codigoModular: code }
        : { codigoLocal: code };
}
