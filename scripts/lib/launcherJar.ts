import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

/** Where Debian's google-cloud-cli-firestore-emulator package puts the emulator. */
export const GCLOUD_FIRESTORE_JAR =
  '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';

const MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';

/** The manifest of a class-less JAR that runs the gcloud emulator JAR with `java -jar`. */
export function launcherManifest(targetJar: string): string {
  // Manifest lines are limited to 72 bytes; longer values continue on lines starting with a space.
  const wrap = (line: string): string => {
    const chunks: string[] = [line.slice(0, 72)];
    for (let i = 72; i < line.length; i += 71) chunks.push(` ${line.slice(i, i + 71)}`);
    return chunks.join('\r\n');
  };
  return [
    'Manifest-Version: 1.0',
    wrap(`Main-Class: ${MAIN_CLASS}`),
    wrap(`Class-Path: file:${targetJar}`),
    '',
    '',
  ].join('\r\n');
}

/** A zip archive holding files stored uncompressed: all a manifest-only JAR needs. */
export function storedZip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(file.data.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(file.data.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, file.data);
    centrals.push(central, name);
    offset += local.length + name.length + file.data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** Writes the launcher JAR for `targetJar` at `outPath` and returns `outPath`. */
export function writeLauncherJar(targetJar: string, outPath: string): string {
  mkdirSync(dirname(outPath), { recursive: true });
  const manifest = Buffer.from(launcherManifest(targetJar), 'utf8');
  writeFileSync(outPath, storedZip([{ name: 'META-INF/MANIFEST.MF', data: manifest }]));
  return outPath;
}
