// What each action asks for and the event data it records; checked on the phone so that the crew sees a clear
// message at once instead of a rejection at the next sync.
import { t } from "./i18n.js";

const CAUSES = ["weather", "road", "vehicle", "site_busy", "no_host", "crew", "other"];
const code = (name, extra = {}) => ({ name, scan: true, required: true, max: 32, ...extra });

export const ACTIONS = {
  arrive: { direct: true, fields: [] },
  leave: { direct: true, fields: [] },
  visitors: {
    fields: [
      { name: "students", type: "number", required: true, min: 0, max: 5000, steps: [-1, 1, 10] },
      { name: "adults", type: "number", required: true, min: 0, max: 5000, steps: [-1, 1, 10] },
    ],
    keep: true, // a recount starts from the last count
  },
  lend: {
    fields: [code("card_number"), code("barcode")],
    repeat: ["barcode"],
    summary: (d) => `${d.barcode} → ${d.card_number}`,
  },
  take_back: { fields: [code("barcode")], repeat: ["barcode"], summary: (d) => d.barcode },
  register_reader: {
    fields: [
      code("card_number"),
      { name: "full_name", required: true, max: 150 },
      { name: "birth_year", type: "number", min: 1900, max: new Date().getFullYear() },
      { name: "phone", type: "tel", max: 32 },
    ],
    repeat: ["card_number", "full_name", "birth_year", "phone"],
    summary: (d) => `${d.full_name} (${d.card_number})`,
  },
  reserve: {
    // The reader's card, then the title: the ISBN of a book (its EAN-13) or a library copy's barcode.
    fields: [code("card_number"), code("title_code", { max: 20 })],
    repeat: ["title_code"],
    summary: (d, sheet) => `${titleOf(d, sheet) || d.isbn || d.barcode} → ${d.card_number}`,
  },
  activity_note: { fields: [{ name: "note", type: "textarea", required: true, max: 4000 }], keep: true },
  proof: {
    fields: [
      { name: "host_name", required: true, max: 120 },
      { name: "host_confirmed", type: "checkbox" },
      { name: "photo", label: "photoField", type: "file" },
    ],
  },
  deposit: { fields: [code("code", { max: 32 })], repeat: ["code"], summary: (d) => d.barcode || d.collection },
  collect: { fields: [code("code", { max: 32 })], repeat: ["code"], summary: (d) => d.barcode || d.collection },
  damaged: {
    fields: [code("barcode"), { name: "note", type: "textarea", max: 4000 }],
    repeat: ["barcode", "note"],
    summary: (d) => d.barcode,
  },
  lost: {
    fields: [code("barcode"), { name: "note", type: "textarea", max: 4000 }],
    repeat: ["barcode", "note"],
    summary: (d) => d.barcode,
  },
  skip: {
    fields: [
      { name: "cause", type: "select", options: CAUSES, prefix: "cause_" },
      { name: "reason", type: "textarea", required: true, max: 500 },
    ],
    submit: "skip",
  },
  load: { fields: [code("code")], repeat: ["code"], summary: (d) => d.barcode || d.collection },
  unload: { fields: [code("code")], repeat: ["code"], summary: (d) => d.barcode || d.collection },
  stocktake: { fields: [code("barcode", { required: false })], submit: "finishStocktake" },
};

export const STOP_ACTIONS = [
  "arrive", "visitors", "lend", "take_back", "register_reader", "reserve", "activity_note", "proof",
  "deposit", "collect", "damaged", "lost", "skip", "leave",
];
export const BUS_ACTIONS = ["load", "unload", "stocktake", "damaged", "lost"];

function value(form, name) {
  const el = form.querySelector(`[name=${name}]`);
  if (!el) return "";
  if (el.type === "checkbox") return el.checked;
  return el.value.trim();
}

// The first problem with the form's values, as a message; empty when the form is fine.
export function validate(spec, form) {
  for (const f of spec.fields) {
    const v = value(form, f.name);
    const label = t(f.label || f.name);
    if (f.type === "checkbox" || f.type === "file" || f.type === "select") continue;
    if (!v) {
      if (f.required) return t("required", { f: label });
      continue;
    }
    if (f.type === "number") {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < f.min || n > f.max) return t("range", { f: label, a: f.min, b: f.max });
    } else if (f.max && v.length > f.max) return t("tooLong", { f: label, n: f.max });
  }
  return "";
}

// The event data of a valid form. A typed code is a collection when the run sheet knows it as one.
export function collectData(spec, form, { sheet, stop }) {
  const data = {};
  for (const f of spec.fields) {
    if (f.type === "file") continue;
    let v = value(form, f.name);
    if (f.scan && typeof v === "string") v = v.replace(/\s+/g, "").toUpperCase();
    if (v === "" && !f.required && f.type !== "checkbox") continue;
    data[f.name] = f.type === "number" ? Number(v) : v;
  }
  if ("title_code" in data) {
    // A copy the bus carries is sent by its barcode; otherwise 10 or 13 digits are an ISBN (the server finds the
    // title), anything else a library barcode.
    const typed = data.title_code;
    const isbn = typed.replace(/-/g, "");
    const onBus = copiesOf(sheet).some((c) => c.barcode.toUpperCase() === typed);
    data[!onBus && /^(\d{13}|\d{9}[\dX])$/.test(isbn) ? "isbn" : "barcode"] = onBus ? typed : isbn;
    delete data.title_code;
  }
  if ("code" in data) {
    const known = new Set([
      ...(sheet?.routes || []).flatMap((r) => (r.manifest?.collections || []).map((c) => c.code.toUpperCase())),
      ...(stop?.collect || []).map((c) => String(c.collection).toUpperCase()),
    ]);
    data[known.has(data.code) ? "collection" : "barcode"] = data.code;
    delete data.code;
  }
  return data;
}

function copiesOf(sheet) {
  return (sheet?.routes || []).flatMap((r) => r.manifest?.copies || []);
}

// The title of a reservation's copy when the bus carries it (an ISBN is found by the server).
export function titleOf(data, sheet) {
  return data.barcode ? copiesOf(sheet).find((c) => c.barcode.toUpperCase() === data.barcode)?.title || "" : "";
}
