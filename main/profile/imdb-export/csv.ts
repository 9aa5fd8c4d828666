// A small RFC 4180 CSV reader: quoted fields (with commas, doubled quotes and newlines inside),
// CRLF or LF, and the 1-based line each record starts on, so errors can point at the file's line.

export interface CsvRecord {
  line: number;
  fields: string[];
}

export function* readCsv(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atStart = true;
    for (;;) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
        continue;
      }
      if (c === '"' && atStart) {
        quoted = true;
        atStart = false;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        atStart = true;
        i++;
      } else if (c === '\r' && text[i + 1] === '\n') {
        fields.push(field);
        i += 2;
        line++;
        break;
      } else if (c === '\n') {
        fields.push(field);
        i++;
        line++;
        break;
      } else {
        field += c;
        atStart = false;
        i++;
      }
    }
    // A blank line (e.g. the file's trailing newline) is not a record.
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: start, fields };
  }
}
