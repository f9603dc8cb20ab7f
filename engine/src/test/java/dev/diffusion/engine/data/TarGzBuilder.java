package dev.diffusion.engine.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small ustar archives, gzipped, the way {@code npm pack} lays them out. */
final class TarGzBuilder {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    TarGzBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    TarGzBuilder file(String name, byte[] content) {
        if (name.length() > 100) {
            // a PAX record is "<length> path=<name>\n", its length counting its own digits
            String record = " path=" + name + "\n";
            int length = record.length() + 1;
            while (Integer.toString(length).length() + record.length() != length) {
                length = Integer.toString(length).length() + record.length();
            }
            byte[] pax = (length + record).getBytes(StandardCharsets.UTF_8);
            entry("PaxHeader/x", 'x', pax);
            return entry(name.substring(name.length() - 90), '0', content);
        }
        return entry(name, '0', content);
    }

    TarGzBuilder directory(String name) {
        return entry(name, '5', new byte[0]);
    }

    private TarGzBuilder entry(String name, char type, byte[] content) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, String.format("%011o", 0));
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[155] = ' ';
        tar.writeBytes(header);
        tar.writeBytes(content);
        tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    Path writeTo(Path file) throws IOException {
        tar.writeBytes(new byte[1024]);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(tar.toByteArray());
        }
        return file;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
