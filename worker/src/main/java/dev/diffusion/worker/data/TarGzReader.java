package dev.diffusion.worker.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A minimal reader of gzipped tar archives (ustar/POSIX, as {@code npm pack} writes): visits every
 * regular file with its full name and a stream of exactly its bytes. Handles the ustar name prefix,
 * PAX {@code path} records and GNU long names; checks header checksums.
 */
final class TarGzReader {

    private static final int BLOCK = 512;

    /** Receives one archive entry; the stream must not be closed and need not be read fully. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(String name, long size, InputStream content) throws IOException;
    }

    private TarGzReader() {}

    static void read(Path archive, EntryVisitor visitor) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream in = new GZIPInputStream(file, 1 << 16)) {
            String longName = null;
            byte[] header = new byte[BLOCK];
            while (true) {
                if (!readBlock(in, header)) {
                    return; // end of archive without the two zero blocks: tolerated
                }
                if (isZero(header)) {
                    return;
                }
                checkChecksum(archive, header);
                char type = (char) header[156];
                long size = parseOctal(archive, header, 124, 12);
                String name = longName != null ? longName : headerName(header);
                longName = null;
                EntryStream content = new EntryStream(in, size);
                switch (type) {
                    case 'x':
                        longName = paxPath(content.readAllBytes());
                        break;
                    case 'L':
                        longName = cString(content.readAllBytes(), 0, (int) size);
                        break;
                    case '0':
                    case '\0':
                        visitor.visit(name, size, content);
                        break;
                    default:
                        break; // directories, links, global PAX headers
                }
                content.skipRest();
                long padding = (BLOCK - size % BLOCK) % BLOCK;
                skipFully(archive, in, padding);
            }
        } catch (ZipException e) {
            throw new DatasetException(archive, "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DatasetException(archive, "truncated tar archive", e);
        }
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        if (read == 0) {
            return false;
        }
        if (read < BLOCK) {
            throw new EOFException("partial tar header");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkChecksum(Path archive, byte[] header) throws DatasetException {
        long expected = parseOctal(archive, header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        if (sum != expected) {
            throw new DatasetException(archive, "not a tar archive or corrupt (bad header checksum)");
        }
    }

    private static String headerName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = "ustar".equals(cString(header, 257, 5));
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(byte[] records) {
        String text = new String(records, StandardCharsets.UTF_8);
        for (String record : text.split("\n")) {
            int space = record.indexOf(' ');
            String keyValue = space < 0 ? record : record.substring(space + 1);
            if (keyValue.startsWith("path=")) {
                return keyValue.substring("path=".length());
            }
        }
        return null;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long parseOctal(Path archive, byte[] header, int offset, int length)
            throws DatasetException {
        String text = cString(header, offset, length).trim();
        if (text.isEmpty() || (header[offset] & 0x80) != 0) {
            throw new DatasetException(archive, "unsupported or corrupt tar header field at " + offset);
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new DatasetException(archive, "not a tar archive or corrupt (bad number '" + text + "')");
        }
    }

    private static void skipFully(Path archive, InputStream in, long count) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new DatasetException(archive, "truncated tar archive");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }

    /** The bytes of one entry; closing it does not close the archive. */
    private static final class EntryStream extends FilterInputStream {
        private long remaining;

        EntryStream(InputStream in, long size) {
            super(in);
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("tar entry ends early");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (read < 0) {
                throw new EOFException("tar entry ends early");
            }
            remaining -= read;
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public void close() {
            // the archive stays open
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        void skipRest() throws IOException {
            while (remaining > 0) {
                if (skip(remaining) <= 0 && read() < 0) {
                    return;
                }
            }
        }
    }
}
