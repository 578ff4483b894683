/**
 * Range reads of the files of one record: what the streaming readers parse instead of whole files.
 * `load.ts` implements it over the disk (the only code that touches it); tests over bytes in memory.
 */

/** Sizes and byte ranges of files named relative to a record's folder. */
export interface ByteAccess {
  /**
   * Size of a file in bytes.
   * @throws when the file is missing or unreadable (the readers turn it into an EcgFormatError).
   */
  size(name: string): number;
  /** Bytes `[offset, offset + length)` of a file; fewer at its end. */
  read(name: string, offset: number, length: number): Uint8Array;
  /** Closes open files (later reads reopen them). */
  close(): void;
}

/** A {@link ByteAccess} over files held in memory (tests, and readers given whole files). */
export function memoryByteAccess(files: (name: string) => Uint8Array): ByteAccess {
  return {
    size: (name) => files(name).length,
    read: (name, offset, length) => files(name).subarray(offset, offset + length),
    close() {},
  };
}
