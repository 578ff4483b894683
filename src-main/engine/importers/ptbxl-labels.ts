/**
 * Parser of PTB-XL's free-text noise columns (`baseline_drift`, `static_noise`, `burst_noise`,
 * `electrodes_problems`) into lead indices 0–11 (I, II, III, aVR, aVL, aVF, V1–V6), with the same
 * rules as the paper's parser (Han et al., arXiv 2506.11815, `ptbxl_label_parser`), so the labels
 * equal its published `ptbxl_label_dropna.csv`. Rules, applied per comma-separated part after
 * removing spaces and upper-casing (`--`→`-`, `.` and `;` → `,`):
 *   lead name → that lead; `A-B` with both leads known → the range (unknown ends: ignored);
 *   `ALLES`/`ALLE`/`ALLEABL` → all 12; `DRIFT`/`NOISYRECORDING`/`NOISE`/`LEICHT`/`MITTEL`/`STARK`
 *   (and a few German phrases) → all 12 if no lead was named before, else ignored; a bare digit 1–6
 *   → V-lead; parts containing `V1`…`V6` → those leads; `X???` → lead X; `ISTARK`/`MITTELI` → I;
 *   anything else makes the whole annotation unparseable (the paper drops such records).
 */

/** PTB-XL lead order, upper-cased as in the annotations. */
export const PTBXL_LEADS = ['I', 'II', 'III', 'AVR', 'AVL', 'AVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;

/** PTB-XL's four noise columns, in the order of the reference CSV. */
export const PTBXL_NOISE_COLUMNS = ['baseline_drift', 'static_noise', 'burst_noise', 'electrodes_problems'] as const;

const SEVERITY_WORDS = new Set(['DRIFT', 'NOISYRECORDING', 'NOISE', 'LEICHT', 'MITTEL', 'STARK']);
const ALL_WORDS = new Set(['ALLES', 'ALLE', 'ALLEABL']);
const WHOLE_RECORD_PHRASES = new Set(['KONTAKTPROBLEMEAVL???', 'ELEKTRODENVERTAUSCHT???', 'STARKEDRIFT']);
const LEAD_I_PHRASES = new Set(['ISTARK', 'MITTELI']);
const ALL_LEADS = Array.from({ length: 12 }, (_, i) => i);

function leadIndex(name: string): number {
  return (PTBXL_LEADS as readonly string[]).indexOf(name);
}

/**
 * Parses one noise annotation. Returns the sorted lead indices (duplicates kept, as the reference
 * does), `[]` for an empty / missing cell, or `null` when a part is not understood.
 */
export function parseNoiseLeads(text: string | null | undefined): number[] | null {
  if (text === null || text === undefined || text.trim() === '') {
    return [];
  }
  const label = text.trim().replaceAll(' ', '').toUpperCase().replaceAll('--', '-').replaceAll('.', ',').replaceAll(';', ',');
  const leads: number[] = [];
  for (const part of label.split(',').filter((p) => p.length > 0)) {
    if (leadIndex(part) >= 0) {
      leads.push(leadIndex(part));
    } else if (part.includes('-')) {
      const ends = part.split('-');
      if (ends.length !== 2) {
        return null; // the reference would fail to unpack this part
      }
      const [start, end] = ends.map(leadIndex);
      if (start >= 0 && end >= 0) {
        for (let i = start; i <= end; i += 1) {
          leads.push(i);
        }
      }
    } else if (ALL_WORDS.has(part)) {
      return [...ALL_LEADS];
    } else if (SEVERITY_WORDS.has(part)) {
      if (leads.length === 0) {
        return [...ALL_LEADS];
      }
    } else if (/^[1-6]$/.test(part)) {
      leads.push(leadIndex(`V${part}`));
    } else if (/V[1-6]/.test(part)) {
      for (const m of part.matchAll(/V[1-6]/g)) {
        leads.push(leadIndex(m[0]));
      }
    } else if (WHOLE_RECORD_PHRASES.has(part)) {
      if (leads.length === 0) {
        return [...ALL_LEADS];
      }
    } else if (part.includes('???')) {
      const base = leadIndex(part.split('???')[0]);
      if (base >= 0) {
        leads.push(base);
      }
    } else if (LEAD_I_PHRASES.has(part)) {
      leads.push(0);
    } else {
      return null;
    }
  }
  return leads.sort((a, b) => a - b);
}

/** Per-lead noise labels of one PTB-XL row, as in the paper's CSV. */
export interface PtbxlLeadLabels {
  baseline_drift: number[];
  static_noise: number[];
  burst_noise: number[];
  electrodes_problems: number[];
  /** Leads named in no noise column. */
  clean: number[];
}

/**
 * Parses the four noise columns of a `ptbxl_database.csv` row. Returns null when any column is
 * unparseable (the paper drops such rows from its label file).
 */
export function parsePtbxlNoiseColumns(row: Record<string, string | undefined>): PtbxlLeadLabels | null {
  const parsed: Partial<Record<(typeof PTBXL_NOISE_COLUMNS)[number], number[]>> = {};
  for (const col of PTBXL_NOISE_COLUMNS) {
    const leads = parseNoiseLeads(row[col]);
    if (leads === null) {
      return null;
    }
    parsed[col] = leads;
  }
  const noisy = new Set(PTBXL_NOISE_COLUMNS.flatMap((c) => parsed[c] ?? []));
  return {
    baseline_drift: parsed.baseline_drift ?? [],
    static_noise: parsed.static_noise ?? [],
    burst_noise: parsed.burst_noise ?? [],
    electrodes_problems: parsed.electrodes_problems ?? [],
    clean: ALL_LEADS.filter((i) => !noisy.has(i)),
  };
}

/** Parses a Python-style list of ints as written by pandas (`"[0, 1, 2]"`, `"[]"`). */
export function parseIndexList(text: string): number[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner === '' ? [] : inner.split(',').map((s) => Number(s.trim()));
}
