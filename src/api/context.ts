// The types route modules share with the app that mounts them, in a module of their own so that
// app.ts (which registers the route plugins) and the route files do not import each other.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { Config } from "../config/index.ts";
import type { ResponseSchema } from "../contract/index.ts";
import type { JobQueue } from "../jobs/index.ts";
import type { PipelineScheduler } from "../pipeline/index.ts";
import type { Store } from "../storage/index.ts";
import type { OperationsStore } from "../operations/index.ts";
import type { Needed, Principal } from "./authorise.ts";
import type { HeavyWork } from "./heavy-work.ts";

export type { Role, Needed } from "./authorise.ts";
/** What every route handler can use. */
export interface ApiContext {
  readonly store: Store;
  readonly config: Config;
  readonly scheduler: PipelineScheduler | null;
  /** Heavy reads (permutation statistics) off the event loop, behind a bounded queue. */
  readonly heavy: HeavyWork;
  /** Plans and training runs, each a job in a process of its own, behind a bounded queue. */
  readonly jobs: JobQueue;
  /** Records a plan's solver time and gap for /metrics. */
  observeSolver(plan: string, seconds: number, gap: number | null): void;
  /** What people write (accounts, requests, the audit log, scenarios, models), opened on first
   * use. */
  operations(): Promise<OperationsStore>;
  /** Fingerprint of the current dataset versions: part of every ETag. Refreshed after writes. */
  versions(): Promise<string>;
  invalidate(): void;
}

/** A route: zod schemas validate the request (and document it in OpenAPI); `role` guards it. */
export interface RouteSpec<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType> {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly url: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly query?: Q;
  readonly params?: P;
  readonly body?: B;
  /** Reads are "read" (public unless configured otherwise); writes name the role they need;
   * the people's routes need "person"; signing in needs no one ("anyone"). */
  readonly role: Needed;
  /** Writes whose store records them in the audit log itself, with before and after; every
   * other successful write is recorded by the registrar (route, parameters, caller). */
  readonly audited?: boolean;
  /** GET responses that depend only on the URL and the dataset versions: cached with an ETag. */
  readonly cacheable?: boolean;
  /** The answer's schema, shared with the dashboard: checked before sending, in the OpenAPI
   * document. */
  readonly response?: ResponseSchema;
  /** Status of a success (default 201 for POST, 200 otherwise); 202 for work queued as a job. */
  readonly status?: 200 | 201 | 202;
  readonly handler: (input: {
    query: z.infer<Q>;
    params: z.infer<P>;
    body: z.infer<B>;
    request: FastifyRequest;
    /** For the few routes that set a header or a cookie of their own. */
    reply: FastifyReply;
    /** Who is asking, for the records a write leaves: `api:<role>:<key fingerprint>` or
     * `api:public`. Never the key itself. */
    caller: string;
    /** Who is asking, with their role and scope on the people's routes. */
    principal: Principal;
  }) => Promise<unknown>;
}

export type Register = <
  Q extends z.ZodType = z.ZodObject,
  P extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodUnknown,
>(
  spec: RouteSpec<Q, P, B>,
) => void;

/** What a route plugin is given: the context, and the function that adds a route (with its
 * validation, authorisation, caching and error shape) to the plugin's own Fastify instance. */
export interface RoutesOptions {
  readonly context: ApiContext;
  readonly routesOn: (instance: FastifyInstance) => Register;
}

/** A group of routes as a Fastify plugin. */
export type RoutesPlugin = FastifyPluginAsync<RoutesOptions>;
