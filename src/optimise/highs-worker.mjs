// A HiGHS solver thread kept warm: it loads HiGHS (WebAssembly) once, then solves one model per
// message, so that a small plan pays neither a thread start nor a module load. HiGHS blocks its
// thread while it solves and is single-threaded. Plain JavaScript so that it loads in a worker
// without a TypeScript loader.
// Message in: { model: ModelData with typed arrays, options, start? } (one at a time per thread).
// Message out: { status, objective, bound, gap, x, runMs } or { error }.
import { parentPort } from "node:worker_threads";
import loadHighs from "highs";

const highs = await loadHighs();

parentPort.on("message", ({ model, options, start }) => {
  const started = performance.now();
  try {
    const result = highs.withModel(model, (m) => {
      m.options.set({ output_flag: false, ...options });
      if (start) m.setSolution({ colValue: start });
      m.run();
      const status = m.getModelStatus();
      const name =
        Object.entries(highs.constants.modelStatus).find(([, v]) => v === status)?.[0] ??
        String(status);
      const info = (key) => {
        try {
          return Number(m.info.get(key));
        } catch {
          return NaN; // the item does not exist for this kind of model
        }
      };
      const solution = m.getSolution();
      return {
        status: name,
        objective: info("objective_function_value"),
        bound: info("mip_dual_bound"),
        gap: info("mip_gap"),
        x: Float64Array.from(solution.colValue ?? []),
      };
    });
    parentPort.postMessage({ ...result, runMs: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
});
