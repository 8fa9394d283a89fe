import { createWriteStream } from "node:fs";
import { link, mkdir, open, readFile, readdir, rename, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DigestStream, sha256Hex, toBytes } from "./digest.ts";
import { conflict, notFound } from "./errors.ts";
import { TEMP_SEGMENT, assertValidKey, assertValidPrefix } from "./keys.ts";
import type { ObjectInfo, ObjectStore, PutResult } from "./port.ts";

export type FolderStoreOptions = {
  /** The folder that plays the bucket: key `a/b.parquet` is the file `<root>/a/b.parquet`. */
  root: string;
};

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException | undefined)?.code === code;

/**
 * An object store on a local folder with the same key layout as the S3 store: the embedded default,
 * for a laptop or a single process. Writes go to `<root>/.tmp/` first and appear under their key
 * atomically (rename; `link` for write-once, which fails when the key exists), so a reader never
 * sees half an object. The sha256 of an object is computed from its bytes when needed, not stored.
 *
 * @example
 * const store = createFolderStore({ root: ".data/objects" });
 * await store.putOnce("landing/bat_1/c0001/evt_1.parquet", bytes);
 */
export function createFolderStore(options: FolderStoreOptions): ObjectStore {
  const root = resolve(options.root);
  const pathOf = (key: string) => join(root, ...key.split("/"));
  const tempPath = () => join(root, TEMP_SEGMENT, randomUUID());

  async function writeTemp(write: (path: string) => Promise<void>): Promise<string> {
    await mkdir(join(root, TEMP_SEGMENT), { recursive: true });
    const temp = tempPath();
    try {
      await write(temp);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    return temp;
  }

  /**
   * Moves a finished temp file under its key: `rename` replaces, `link` fails with EEXIST. A delete
   * may prune the key's folder between our mkdir and the move (ENOENT), hence the retry.
   */
  async function publish(temp: string, key: string, move: typeof rename | typeof link = rename): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await mkdir(dirname(pathOf(key)), { recursive: true });
      try {
        return await move(temp, pathOf(key));
      } catch (error) {
        if (!isCode(error, "ENOENT") || attempt === 3) throw error;
      }
    }
  }

  async function put(key: string, body: Uint8Array | string): Promise<PutResult> {
    assertValidKey(key);
    const bytes = toBytes(body);
    await publish(await writeTemp((temp) => writeFile(temp, bytes)), key);
    return { key, size: bytes.length, sha256: sha256Hex(bytes) };
  }

  async function putStream(key: string, body: Readable): Promise<PutResult> {
    assertValidKey(key);
    const digest = new DigestStream();
    const temp = await writeTemp((path) => pipeline(body, digest, createWriteStream(path)));
    await publish(temp, key);
    return { key, ...digest.result() };
  }

  async function putOnce(key: string, body: Uint8Array): Promise<PutResult & { created: boolean }> {
    assertValidKey(key);
    const sha256 = sha256Hex(body);
    const temp = await writeTemp((path) => writeFile(path, body));
    try {
      await publish(temp, key, link);
      return { key, size: body.length, sha256, created: true };
    } catch (error) {
      if (!isCode(error, "EEXIST")) throw error;
      const existing = await readFile(pathOf(key));
      const existingSha = sha256Hex(existing);
      if (existingSha !== sha256) throw conflict(key, existingSha, sha256);
      return { key, size: existing.length, sha256, created: false };
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async function get(key: string): Promise<Uint8Array> {
    assertValidKey(key);
    try {
      return new Uint8Array(await readFile(pathOf(key)));
    } catch (error) {
      throw isCode(error, "ENOENT") || isCode(error, "ENOTDIR") || isCode(error, "EISDIR") ? notFound(key) : error;
    }
  }

  async function getStream(key: string): Promise<Readable> {
    assertValidKey(key);
    try {
      // Opening first turns a missing key into E_OBJECT_NOT_FOUND here, not a later stream error.
      const handle = await open(pathOf(key), "r");
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw notFound(key);
      }
      return handle.createReadStream();
    } catch (error) {
      throw isCode(error, "ENOENT") || isCode(error, "ENOTDIR") ? notFound(key) : error;
    }
  }

  async function head(key: string): Promise<ObjectInfo | undefined> {
    assertValidKey(key);
    try {
      const info = await stat(pathOf(key));
      return info.isFile() ? { key, size: info.size } : undefined;
    } catch (error) {
      if (isCode(error, "ENOENT") || isCode(error, "ENOTDIR")) return undefined;
      throw error;
    }
  }

  async function remove(key: string): Promise<void> {
    assertValidKey(key);
    try {
      await unlink(pathOf(key));
    } catch (error) {
      if (isCode(error, "ENOENT") || isCode(error, "ENOTDIR")) return;
      throw error;
    }
    await pruneEmptyParents(root, dirname(pathOf(key)));
  }

  return {
    kind: "folder",
    put,
    putStream,
    putOnce,
    get,
    getStream,
    head,
    list: (prefix) => listFolder(root, prefix),
    delete: remove,
  };
}

/** S3 has no folders: once a folder's last object is deleted it should not linger. */
async function pruneEmptyParents(root: string, dir: string): Promise<void> {
  for (let current = dir; current.startsWith(root) && current !== root; current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty (or already gone): stop climbing
    }
  }
}

/**
 * Keys under `prefix` in the order S3 lists them (ascending by key). Walking folders in name
 * order is not enough: `a/b` sorts after `a-c` because '/' > '-', so each folder's entries are sorted
 * by the key they start (`name/` for a folder).
 */
async function* listFolder(root: string, prefix: string): AsyncIterable<ObjectInfo> {
  assertValidPrefix(prefix);
  const cut = prefix.lastIndexOf("/");
  const base = cut < 0 ? "" : prefix.slice(0, cut + 1);
  yield* walk(root, base, prefix);
}

async function* walk(root: string, dirKey: string, prefix: string): AsyncIterable<ObjectInfo> {
  let entries;
  try {
    entries = await readdir(join(root, ...dirKey.split("/").filter(Boolean)), { withFileTypes: true });
  } catch (error) {
    if (isCode(error, "ENOENT") || isCode(error, "ENOTDIR")) return;
    throw error;
  }
  const items = entries
    .filter((e) => !(dirKey === "" && e.name === TEMP_SEGMENT))
    .map((e) => ({ entry: e, key: dirKey + e.name + (e.isDirectory() ? "/" : "") }))
    .filter(({ key }) => key.startsWith(prefix) || prefix.startsWith(key))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { entry, key } of items) {
    if (entry.isDirectory()) {
      yield* walk(root, key, prefix);
    } else if (entry.isFile() && key.startsWith(prefix)) {
      const info = await stat(join(root, ...key.split("/"))).catch(() => undefined);
      if (info) yield { key, size: info.size };
    }
  }
}
