import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { IngestError } from "../errors/index.ts";
import {
  readHostFacilities,
  readPredictedGains,
  readPriorityFlags,
  readTravelTimes,
} from "./input-files.ts";

const dir = mkdtempSync(join(tmpdir(), "brecha-inputs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string, encoding: BufferEncoding = "utf8"): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(text, encoding));
  return path;
}

test("host facilities: Latin-1, Spanish yes/no, unknown cells, and errors naming row and column", () => {
  const hosts = readHostFacilities(
    file(
      "hosts.csv",
      "Código Local;Código CP;Electricidad 24h;Internet;Ambiente libre;Computadoras\n" +
        "0203227;0301010001;Sí;1;0;12\n" +
        "203063;0301010002;;no;1;\n",
      "latin1",
    ),
  );
  assert.deepEqual(hosts, [
    {
      id: "0203227",
      placeCode: "0301010001",
      electricity24h: true,
      internet: true,
      freeRoom: false,
      computers: 12,
    },
    {
      id: "203063",
      placeCode: "0301010002",
      electricity24h: null,
      internet: false,
      freeRoom: true,
      computers: null,
    },
  ]);
  assert.throws(
    () =>
      readHostFacilities(
        file("bad.csv", "codigo_local,codigo_cp,computadoras\n1,0301010001,doce\n"),
      ),
    (e: unknown) =>
      e instanceof IngestError &&
      /row 2/.test(e.message) &&
      /computadoras/.test(e.message) &&
      /expected a number ≥ 0, got "doce"/.test(e.message),
  );
  assert.throws(
    () => readHostFacilities(file("nocp.csv", "codigo_local,internet\n1,1\n")),
    /required column place not found in the host facilities file; accepted names: CODIGO_CP/,
  );
});

test("priority flags by district or premises, gains and travel times", () => {
  const flags = readPriorityFlags(
    file("flags.csv", "ubigeo,codigo_local,eib,vraem,frontera\n30601,,1,0,\n,203227,,,sí\n"),
  );
  assert.deepEqual(flags.byUbigeo.get("030601"), { eib: true, vraem: false });
  assert.deepEqual(flags.byLocal.get("203227"), { border: true });
  assert.throws(
    () => readPriorityFlags(file("flags2.csv", "ubigeo,eib\n030601,quizá\n")),
    /expected yes or no/,
  );
  const gains = readPredictedGains(file("gains.csv", 'codigo_local,ganancia\n3227,"0,35"\n'));
  assert.equal(gains.get("003227"), 0.35);
  assert.throws(
    () => readPredictedGains(file("gains2.csv", "codigo_local,gain\n3227,-1\n")),
    /expected a number ≥ 0, got "-1"/,
  );
  const times = readTravelTimes(file("tt.csv", "origen,destino,minutos\nA,B,12.5\n"));
  assert.equal(times.get("A>B"), 12.5);
});
