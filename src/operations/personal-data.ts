/**
 * Requests carry counts, never people: Peru's personal data law (Ley 29733) protects minors'
 * names and identity numbers, and a request has no need of them. Free text is checked for what
 * looks like personal data, and refused with the reason, before anything is stored.
 */

// Words that start with a capital in institutional names and places, not in people's names.
const NOT_NAMES = new Set(
  `institución educativa colegio escuela inicial primaria secundaria ugel dre minedu región
  gobierno regional municipalidad distrito provincia departamento centro poblado comunidad
  nativa campesina san santa santo señor señora virgen nuestra perú lima cusco puno junín
  áncash ayacucho apurímac loreto ucayali amazonas cajamarca piura tumbes lambayeque libertad
  huánuco pasco huancavelica arequipa moquegua tacna ica callao madre dios martín jesús cristo
  programa internet electricidad agua luz radio televisión tableta tabletas laptop computadora
  computadoras aula aulas grado grados sección nivel estudiantes alumnos docente docentes director
  directora profesor profesora tutor tutora padres familia`.split(/\s+/),
);

const NAME_WORD = /^\p{Lu}[\p{Ll}'’-]{1,}$/u;

/** Runs of two to five capitalised words that are not institutional words: "María Quispe". */
function nameLikeRuns(text: string): string[] {
  const runs: string[] = [];
  // Separators that end a run: punctuation, digits, line breaks, and the list word "y".
  for (const chunk of text.split(/[,;:.\n\r\t()\d/]+|\s+y\s+|\s+e\s+/u)) {
    let run: string[] = [];
    const flush = () => {
      if (run.length >= 2 && run.length <= 5) runs.push(run.join(" "));
      run = [];
    };
    for (const word of chunk.split(/\s+/).filter(Boolean)) {
      if (NAME_WORD.test(word) && !NOT_NAMES.has(word.toLowerCase())) run.push(word);
      else flush();
    }
    flush();
  }
  return runs;
}

export interface PersonalDataFinding {
  readonly kind: "dni" | "phone" | "email" | "names";
  readonly en: string;
  readonly es: string;
}

/** What in `text` looks like personal data, or null. */
export function findPersonalData(text: string): PersonalDataFinding | null {
  // An identity number: 8 digits standing alone (DNI), or after "DNI"/"CE" with any spacing.
  if (/(^|[^\d])\d{8}([^\d]|$)/.test(text) || /\b(dni|c\.?e\.?)\s*(n[°º.]?\s*)?:?\s*\d/i.test(text))
    return {
      kind: "dni",
      en: "it looks like an identity document number (DNI): requests carry counts, not people",
      es: "parece un número de documento de identidad (DNI): las solicitudes llevan cantidades, no personas",
    };
  if (/(^|[^\d])9\d{2}[\s-]?\d{3}[\s-]?\d{3}([^\d]|$)/.test(text))
    return {
      kind: "phone",
      en: "it looks like a mobile phone number",
      es: "parece un número de teléfono celular",
    };
  if (/[\w.+-]+@[\w-]+\.[\w.-]+/.test(text))
    return {
      kind: "email",
      en: "it looks like an e-mail address",
      es: "parece una dirección de correo",
    };
  const runs = nameLikeRuns(text);
  if (runs.length >= 2)
    return {
      kind: "names",
      en: `it looks like a list of people's names (${runs.slice(0, 2).join(", ")}…)`,
      es: `parece una lista de nombres de personas (${runs.slice(0, 2).join(", ")}…)`,
    };
  return null;
}
