/** Saves a Blob as a file through a temporary object URL (the export needs the key header, so no bare link). */
export function saveBlob(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // give the browser a moment to start the download before the URL goes away
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name of an export: `capitals-v2.jsonl`. */
export function exportFileName(dataset: string, version: number | string, format: "jsonl" | "csv"): string {
  const safe = dataset.replace(/[^\w.-]+/g, "_");
  return `${safe}-v${version}.${format}`;
}
