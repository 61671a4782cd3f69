import { spawn, type ChildProcess, type IOType } from "node:child_process";
import { z } from "zod";
import { BrechaError, ERROR_CODES, type ErrorCode } from "../errors/index.ts";
import { PLANNING_RECORD_METHODS, type PlanningRecords } from "../operations/index.ts";

// A pipeline stage runs in a process of its own (so that a time limit really stops it), and
// `brecha serve` runs pipelines in processes of their own too; the embedded operational store
// belongs to one process. So a stage reaches scenarios and models through the process that
// started it, over Node's IPC channel: it asks for one `PlanningRecords` method with its
// arguments and gets the answer or the error (with its code, so a "not found" stays one).
// A run started by a server passes its stages' questions on to the server.

/** Set in a child's environment when its parent answers record questions on the IPC channel. */
const RECORDS_BY_PARENT = "BRECHA_RECORDS_BY_PARENT";

const ASK = z.object({
  records: z.number().int(),
  method: z.enum(PLANNING_RECORD_METHODS),
  args: z.array(z.unknown()),
});
const ANSWER = z.object({
  records: z.number().int(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), es: z.string().optional() }).optional(),
});

type RecordMethod = (typeof PLANNING_RECORD_METHODS)[number];

/** Runs one method of `target` by name. */
const invoke = (target: PlanningRecords, method: RecordMethod, args: unknown[]) =>
  (target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args);

/** Records whose every method is handed to `call` with its name and arguments. */
const forwarding = (
  call: (method: RecordMethod, args: unknown[]) => Promise<unknown>,
): PlanningRecords =>
  Object.fromEntries(
    PLANNING_RECORD_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)]),
  ) as unknown as PlanningRecords;

/** A Brecha error as it was; any other (the engine's words may hold SQL) as a storage failure,
 * its words left to the answering process's log. */
const asError = (error: unknown, method: string) =>
  error instanceof BrechaError
    ? { code: error.code, message: error.message, ...(error.es ? { es: error.es } : {}) }
    : {
        code: "BRECHA_STORAGE",
        message: `the operational store could not answer ${method}; see the log of the process that runs it`,
        es: `el almacén operativo no pudo responder ${method}; vea el registro del proceso que lo ejecuta`,
      };

/** Answers a child's record questions from `records` (opened on the first question); `log`
 * receives the failures that are not Brecha's own errors. */
function answerRecords(
  child: ChildProcess,
  records: () => Promise<PlanningRecords>,
  log: (message: string) => void = () => undefined,
): void {
  child.on("message", (message: unknown) => {
    const ask = ASK.safeParse(message);
    if (!ask.success) return;
    const { records: id, method, args } = ask.data;
    records()
      .then((target) => invoke(target, method, args))
      .then(
        (result) => reply({ records: id, result: result ?? null }),
        (error: unknown) => {
          if (!(error instanceof BrechaError)) log(`records ${method}: ${String(error)}`);
          reply({ records: id, error: asError(error, method) });
        },
      );
  });
  // A child that has gone cannot be answered; its run reports why it ended.
  const reply = (answer: z.infer<typeof ANSWER>) => {
    if (child.connected) child.send(answer, () => undefined);
  };
}

/** Starts a process (`brecha pipeline run`, a stage) whose record questions this process answers
 * from `records`; `stdio` are its standard input, output and error, the IPC channel comes
 * fourth. */
export function spawnAnswering(
  command: string,
  args: readonly string[],
  {
    stdio,
    records,
    log,
  }: {
    stdio: [IOType, IOType, IOType];
    records: () => Promise<PlanningRecords>;
    log?: (message: string) => void;
  },
): ChildProcess {
  const child = spawn(command, args, {
    stdio: [...stdio, "ipc"],
    env: { ...process.env, [RECORDS_BY_PARENT]: "1" },
  });
  answerRecords(child, records, log);
  return child;
}

/** The records of the process that started this one, asked over the IPC channel; null when this
 * process was not started that way. The channel holds the process open only while a question
 * waits for its answer. */
export function recordsFromParent(): PlanningRecords | null {
  if (process.env[RECORDS_BY_PARENT] !== "1" || !process.send || !process.channel) return null;
  const channel = process.channel;
  const send = process.send.bind(process);
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  channel.unref();
  process.on("message", (message: unknown) => {
    const answer = ANSWER.safeParse(message);
    if (!answer.success) return;
    const pending = waiting.get(answer.data.records);
    if (!pending) return;
    waiting.delete(answer.data.records);
    if (waiting.size === 0) channel.unref();
    const error = answer.data.error;
    if (!error) return pending.resolve(answer.data.result);
    const code = (error.code in ERROR_CODES ? error.code : "BRECHA_STORAGE") as ErrorCode;
    pending.reject(new BrechaError(code, error.message, error.es ? { es: error.es } : {}));
  });
  process.on("disconnect", () => {
    for (const [, pending] of waiting)
      pending.reject(
        new BrechaError("BRECHA_STORAGE", "the process that started this one went away"),
      );
    waiting.clear();
  });
  return forwarding(
    (method, args) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        channel.ref();
        send({ records: id, method, args }, undefined, {}, (error) => {
          if (!error) return;
          waiting.delete(id);
          reject(error);
        });
      }),
  );
}

/** Records opened on the first question (an embedded store is then held only by a run that
 * needs it); `close` closes them if they were opened. */
export function lazyRecords<R extends PlanningRecords>(
  open: () => Promise<R>,
  close: (records: R) => Promise<void>,
): { records: PlanningRecords; close: () => Promise<void> } {
  let opened: Promise<R> | undefined;
  return {
    records: forwarding(async (method, args) => invoke(await (opened ??= open()), method, args)),
    close: async () => {
      // Records that could not be opened have nothing to close.
      const target = await opened?.catch(() => undefined);
      if (target) await close(target);
    },
  };
}
