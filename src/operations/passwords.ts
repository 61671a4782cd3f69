import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// scrypt with N = 2^15, r = 8, p = 1: 32 MiB and tens of milliseconds per guess. Run in libuv's
// thread pool, so a login never blocks the server's other answers.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash, so they can grow. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return [
    "scrypt",
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString("base64"),
    key.toString("base64"),
  ].join("$");
}

/** Whether `password` matches `stored`, in time that does not depend on where they differ. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await derive(password, Buffer.from(salt, "base64"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of no one's password: checked against when the account does not exist, so that an
 * unknown user name takes as long to refuse as a wrong password. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> =>
  (decoy ??= hashPassword(randomBytes(12).toString("hex")));

/** Passwords of at least 10 characters, not all one kind of character repeated. */
export function passwordProblem(password: string): { en: string; es: string } | null {
  if (password.length < 10)
    return {
      en: "a password needs at least 10 characters",
      es: "una contraseña necesita al menos 10 caracteres",
    };
  if (password.length > 200)
    return {
      en: "a password has at most 200 characters",
      es: "una contraseña tiene como máximo 200 caracteres",
    };
  if (new Set(password).size < 4)
    return {
      en: "a password needs at least 4 different characters",
      es: "una contraseña necesita al menos 4 caracteres distintos",
    };
  return null;
}
