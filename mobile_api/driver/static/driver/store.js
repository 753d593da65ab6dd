// The phone's local store (IndexedDB): settings and the cached run sheet, the outbox of events, the problems the
// server answered, GPS pings and proof photos waiting to be sent. Every write resolves only once it is committed.
import { openDB } from "./vendor/idb/index.js";

const DB_NAME = "bookbus-driver";
let dbPromise = null;

// Opens the database (once).
export function db() {
  dbPromise ??= openDB(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore("kv");
      database.createObjectStore("outbox", { keyPath: "id" }).createIndex("seq", "seq");
      database.createObjectStore("journal", { keyPath: "id" }).createIndex("visit", "visit");
      database.createObjectStore("problems", { keyPath: "id" });
      database.createObjectStore("pings", { autoIncrement: true });
      database.createObjectStore("photos", { keyPath: "id" });
    },
  });
  return dbPromise;
}

// Reads one setting (token, device, run sheet, last sync…).
export async function get(key) {
  return (await db()).get("kv", key);
}

// Writes one setting.
export async function set(key, value) {
  return (await db()).put("kv", value, key);
}

// Records an event: a UUID, the device's next sequence number, the outbox and the day's journal, in one transaction.
export async function recordEvent(kind, visit, data) {
  const tx = (await db()).transaction(["kv", "outbox", "journal"], "readwrite");
  const seq = ((await tx.objectStore("kv").get("nextSeq")) || 1);
  const event = { id: crypto.randomUUID(), seq, kind, device_time: new Date().toISOString(), data };
  if (visit != null) event.visit = visit;
  await Promise.all([
    tx.objectStore("kv").put(seq + 1, "nextSeq"),
    tx.objectStore("outbox").add(event),
    tx.objectStore("journal").add({ ...event, day: localDay() }),
    tx.done,
  ]);
  return event;
}

// The oldest events of the outbox, in sequence order.
export async function outboxBatch(limit) {
  return (await db()).getAllFromIndex("outbox", "seq", null, limit);
}

// How many things wait to be sent: events, and proof photos (GPS pings go along unannounced).
export async function waitingCount() {
  const database = await db();
  return (await database.count("outbox")) + (await database.count("photos"));
}

// Drops answered events from the outbox and keeps the rejected and conflicting ones as problems to show.
export async function settle(answered, problems) {
  const tx = (await db()).transaction(["outbox", "problems"], "readwrite");
  await Promise.all([
    ...answered.map((id) => tx.objectStore("outbox").delete(id)),
    ...problems.map((p) => tx.objectStore("problems").put(p)),
    tx.done,
  ]);
}

// The problems not yet dismissed, oldest first.
export async function problems() {
  return (await (await db()).getAll("problems")).sort((a, b) => a.seq - b.seq);
}

// The crew has read a problem: it leaves the screen.
export async function dismissProblem(id) {
  return (await db()).delete("problems", id);
}

// The events recorded for a visit (its local state: arrived, counts, loans…).
export async function journalFor(visit) {
  return (await db()).getAllFromIndex("journal", "visit", visit);
}

// The events recorded today with no visit (depot work).
export async function journalToday() {
  const day = localDay();
  return (await (await db()).getAll("journal")).filter((e) => e.day === day);
}

// Keeps a GPS ping until the next sync.
export async function addPing(ping) {
  return (await db()).add("pings", ping);
}

// The pings waiting, with their keys.
export async function pendingPings(limit) {
  const database = await db();
  const [keys, values] = await Promise.all([
    database.getAllKeys("pings", null, limit),
    database.getAll("pings", null, limit),
  ]);
  return { keys, values };
}

// Drops sent pings.
export async function dropPings(keys) {
  const tx = (await db()).transaction("pings", "readwrite");
  await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
}

// Keeps a proof photo until it is uploaded.
export async function addPhoto(photo) {
  return (await db()).put("photos", photo);
}

// Photos waiting to be uploaded.
export async function pendingPhotos() {
  return (await db()).getAll("photos");
}

// Drops an uploaded photo.
export async function dropPhoto(id) {
  return (await db()).delete("photos", id);
}

// Forgets everything on this phone (after signing out), except the language.
export async function wipe() {
  const database = await db();
  const lang = await database.get("kv", "lang");
  const names = ["kv", "outbox", "journal", "problems", "pings", "photos"];
  const tx = database.transaction(names, "readwrite");
  await Promise.all([...names.map((n) => tx.objectStore(n).clear()), tx.done]);
  if (lang) await set("lang", lang);
}

// Today's date on the phone, YYYY-MM-DD (the bus runs on Asia/Ho_Chi_Minh time; the phone's clock is set to it).
export function localDay(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
