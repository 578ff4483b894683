/**
 * NumPy `.npz` reader: a ZIP archive (stored or deflated entries, as `np.savez` / `np.savez_compressed`
 * write) whose members are `.npy` files. Unzipping uses fflate; each member is decoded by `readNpy`.
 */
import { unzipSync } from 'fflate';
import { EcgFormatError } from '../errors';
import { readNpy, type NdArray } from './npy';

const ZIP_MAGIC = [0x50, 0x4b]; // "PK"

/**
 * Decodes every member of an `.npz` archive.
 *
 * @param bytes the whole file
 * @param file name used in error messages
 * @returns map from key (member name without its `.npy` suffix) to array, in archive order
 * @throws EcgFormatError when the bytes are not a readable ZIP, the archive is empty, or a member is not a valid `.npy`
 */
export function readNpz(bytes: Uint8Array, file: string): Map<string, NdArray> {
  if (bytes.length === 0) {throw new EcgFormatError(file, 'npz', 'empty file');}
  if (bytes[0] !== ZIP_MAGIC[0] || bytes[1] !== ZIP_MAGIC[1]) {
    throw new EcgFormatError(file, 'npz', 'bad npz magic: not a ZIP archive', 0);
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new EcgFormatError(file, 'npz', `corrupt or truncated npz (zip) archive: ${why}`);
  }
  const names = Object.keys(entries).filter((n) => !n.endsWith('/'));
  if (names.length === 0) {throw new EcgFormatError(file, 'npz', 'npz archive holds no arrays');}
  const result = new Map<string, NdArray>();
  for (const name of names) {
    const key = name.endsWith('.npy') ? name.slice(0, -4) : name;
    result.set(key, readNpy(entries[name], file, `npz entry '${name}': `));
  }
  return result;
}
