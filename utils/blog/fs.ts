/**
 * The blog folder as the post writer and the index see it. Three hosts implement it: the
 * extension over a File System Access directory handle, the CLI over Node's fs, and tests over
 * either. Paths are '/'-separated and relative to the blog's root folder (the one holding
 * `_config.yml`); no path ever starts with '/' or contains '..'.
 */
export interface BlogFileEntry {
  path: string;
  /** ms since the epoch, where the host knows it; lets an index cache skip unchanged files. */
  lastModified?: number;
  size?: number;
}

export interface BlogFs {
  /** The file's text (UTF-8), or null when there is no such file. */
  readText(path: string): Promise<string | null>;
  /**
   * The file's bytes, or null when there is no such file. Added for the writer: updating a post
   * in place keeps the old asset files in memory so a failed update can put them back.
   */
  readBytes(path: string): Promise<Uint8Array | null>;
  /** Every file below `dir`, recursively; nothing when the folder does not exist. */
  list(dir: string): AsyncIterable<BlogFileEntry>;
  /** Whether a file or folder exists at `path`. */
  exists(path: string): Promise<boolean>;
  /** Writes the whole file, creating missing parent folders. A file is never seen half written. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** Removes a file, or a folder with everything in it; nothing happens when it is not there. */
  remove(path: string): Promise<void>;
}
