import type { AccountRole, Scope } from "./accounts.ts";
import type { RequestFilter, SchoolPlace, SchoolRequest } from "./requests.ts";
import type { Shipment, ShipmentFilter } from "./shipments.ts";

/** Who acts, as far as permissions go: a role and, for some roles, the place it is limited to. */
export interface Person {
  readonly role: AccountRole;
  readonly scope: Scope | null;
}

/** Where something is, as scopes see it: its department, UGEL, premises and school(s). */
interface Place {
  readonly department: string;
  readonly ugel: string | null;
  readonly codigoLocal: string | null;
  readonly schools: readonly string[];
}

/** Whether a place (a request's, a school's, a shipment's) is inside a scope. */
function inside(scope: Scope, place: Place): boolean {
  switch (scope.kind) {
    case "department":
      return place.department === scope.code;
    case "ugel":
      return place.ugel === scope.code;
    case "school":
      return place.schools.includes(scope.code);
    case "local":
      return place.codigoLocal === scope.code;
  }
}

const placeOf = (p: {
  ubigeo: string;
  ugel: string | null;
  codigoLocal: string | null;
  codigoModular: string;
}): Place => ({
  department: p.ubigeo.slice(0, 2),
  ugel: p.ugel,
  codigoLocal: p.codigoLocal,
  schools: [p.codigoModular],
});

/** Directors and teachers file for their own school (or a school of their premises). */
export function canFile(person: Person, school: SchoolPlace): boolean {
  return person.role === "school" && person.scope !== null && inside(person.scope, placeOf(school));
}

/** National roles see every request; officers those of their department or UGEL; a school its own. */
export function canSee(person: Person, request: SchoolRequest): boolean {
  return seesPlace(person, placeOf(request));
}

/** National roles see everywhere; officers and schools inside their scope; others nowhere. */
function seesPlace(person: Person, place: Place): boolean {
  if (person.role === "admin" || person.role === "planner") return true;
  if (person.role === "officer" || person.role === "school")
    return person.scope !== null && inside(person.scope, place);
  return false;
}

/** Only a DRE or UGEL officer of the request's place (or an administrator) decides on it. */
export function canReview(person: Person, request: SchoolRequest): boolean {
  if (person.role === "admin") return true;
  return (
    person.role === "officer" && person.scope !== null && inside(person.scope, placeOf(request))
  );
}

/** A school withdraws its own pending requests. */
export function canWithdraw(person: Person, request: SchoolRequest): boolean {
  return (
    person.role === "school" && person.scope !== null && inside(person.scope, placeOf(request))
  );
}

/** The filter a list of requests is narrowed to for a person, or null when they see none. */
export function visibleRequests(person: Person): RequestFilter | null {
  return scopeFilter(person, (code) => ({ codigoModular: code }));
}

/** A list filter matching what `seesPlace` allows: none for national roles, the scope's for
 * officers and schools (a school's code through `school`, which lists differ in), null for
 * the rest. */
function scopeFilter<S extends object>(
  person: Person,
  school: (code: string) => S,
):
  | Record<string, never>
  | { department: string }
  | { ugel: string }
  | { codigoLocal: string }
  | S
  | null {
  if (person.role === "admin" || person.role === "planner") return {};
  if ((person.role !== "officer" && person.role !== "school") || person.scope === null) return null;
  const { kind, code } = person.scope;
  return kind === "department"
    ? { department: code }
    : kind === "ugel"
      ? { ugel: code }
      : kind === "school"
        ? school(code)
        : { codigoLocal: code };
}

/** National planners and administrators turn plans into shipments. */
export function canPlanShipments(person: Person): boolean {
  return person.role === "admin" || person.role === "planner";
}

export function canSeeShipment(person: Person, shipment: Shipment): boolean {
  return seesPlace(person, shipment);
}

/** The UGEL (or DRE) that sends it records the dispatch; national roles may too. */
export function canDispatch(person: Person, shipment: Shipment): boolean {
  if (person.role === "admin" || person.role === "planner") return true;
  return person.role === "officer" && person.scope !== null && inside(person.scope, shipment);
}

/** The school that gets it records what arrived. */
export function canReceive(person: Person, shipment: Shipment): boolean {
  if (person.role === "admin") return true;
  return person.role === "school" && person.scope !== null && inside(person.scope, shipment);
}

/** The filter a list of shipments is narrowed to for a person, or null when they see none. */
export function visibleShipments(person: Person): ShipmentFilter | null {
  return scopeFilter(person, (code) => ({ school: code }));
}

/** Who registers community hubs: national roles anywhere; a DRE (department-scoped officer)
 * inside its department (a centro poblado code starts with its ubigeo). */
export function canRegisterHub(person: Person, placeCode: string): boolean {
  if (person.role === "admin" || person.role === "planner") return true;
  return (
    person.role === "officer" &&
    person.scope?.kind === "department" &&
    placeCode.startsWith(person.scope.code)
  );
}
