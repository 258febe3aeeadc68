import yauzl from 'yauzl';

/** One text file read out of a zip archive. */
export interface ZipTextEntry {
  readonly name: string;
  readonly text: string;
}

/**
 * Reads every file entry of the zip at `path` whose name passes `accept` (default: `*.csv`) as UTF-8 text,
 * in archive order. yauzl reads the central directory, so entries are streamed one at a time (lazyEntries).
 */
export function readZipTextEntries(
  path: string,
  accept: (entryName: string) => boolean = (name) => name.toLowerCase().endsWith('.csv'),
): Promise<readonly ZipTextEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (openError, zip) => {
      if (openError !== null || zip === undefined) {
        reject(openError ?? new Error(`cannot open zip ${path}`));
        return;
      }
      const entries: ZipTextEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        // Directory entries end with '/'; skip them and anything the caller does not want.
        if (entry.fileName.endsWith('/') || !accept(entry.fileName)) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError !== null || stream === undefined) {
            reject(streamError ?? new Error(`cannot read ${entry.fileName} in ${path}`));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ name: entry.fileName, text: Buffer.concat(chunks).toString('utf8') });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
