package dev.diffusion.engine.render;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes an animated GIF, e.g. of the denoising process (as in "The Annotated Diffusion Model"),
 * with the {@code javax.imageio} GIF writer.
 *
 * <p>Each frame carries a Graphic Control Extension with its delay (in 1/100 s, from the frame
 * rate; browsers slow down delays under 2/100 s, so that is the minimum) and disposal method; the
 * last frame is held longer. The first frame carries the NETSCAPE2.0 application extension with
 * the loop count (0 = loop forever). Palettes: see {@link GifPalette} — gray frames are exact.
 *
 * <pre>{@code
 * GifWriter.builder().optFramesPerSecond(8).optLastFrameHoldMillis(2000).build().write(frames, path);
 * }</pre>
 */
public final class GifWriter {

    private static final String GIF_IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    /** GIF disposal methods: what happens to a frame's area before the next frame is drawn. */
    public enum Disposal {
        /** No disposal specified. */
        NONE("none"),
        /** Leave the frame in place. */
        DO_NOT_DISPOSE("doNotDispose"),
        /** Clear to the background colour. */
        RESTORE_TO_BACKGROUND("restoreToBackgroundColor"),
        /** Restore what was there before the frame. */
        RESTORE_TO_PREVIOUS("restoreToPrevious");

        private final String metadataName;

        Disposal(String metadataName) {
            this.metadataName = metadataName;
        }

        /** @return the name used in the {@code javax_imageio_gif_image_1.0} metadata */
        public String metadataName() {
            return metadataName;
        }
    }

    private final int frameDelayCentis;
    private final int lastFrameDelayCentis;
    private final int loopCount;
    private final Disposal disposal;

    private GifWriter(Builder builder) {
        this.frameDelayCentis = Math.max(2, (int) Math.round(100.0 / builder.framesPerSecond));
        this.lastFrameDelayCentis =
                Math.max(frameDelayCentis, (int) Math.round(builder.lastFrameHoldMillis / 10.0));
        this.loopCount = builder.loopCount;
        this.disposal = builder.disposal;
    }

    /** @return a builder; defaults: 10 frames per second, last frame held 2 s, loop forever */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the delay of every frame but the last, in 1/100 s */
    public int frameDelayCentis() {
        return frameDelayCentis;
    }

    /** @return the delay of the last frame, in 1/100 s */
    public int lastFrameDelayCentis() {
        return lastFrameDelayCentis;
    }

    /**
     * Writes the animation to a file.
     *
     * @param frames the frames, all of the same size
     * @param file the GIF to create or replace; parent folders are created
     * @throws IOException if the file cannot be written
     */
    public void write(List<BufferedImage> frames, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            write(frames, out);
        } catch (IOException e) {
            throw new IOException("cannot write GIF " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Encodes the animation as GIF bytes, e.g. for upload.
     *
     * @param frames the frames, all of the same size
     * @return the GIF file content
     */
    public byte[] encode(List<BufferedImage> frames) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(frames, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes the animation to a stream (left open).
     *
     * @param frames the frames, all of the same size
     * @param out the target
     * @throws IOException if writing fails
     */
    public void write(List<BufferedImage> frames, OutputStream out) throws IOException {
        checkFrames(frames);
        try (Sequence sequence = new Sequence(new MemoryCacheImageOutputStream(out))) {
            for (int i = 0; i < frames.size(); i++) {
                sequence.append(frames.get(i), i == frames.size() - 1);
            }
        }
    }

    /**
     * Starts a GIF file that frames are appended to one at a time, so that only the frame being written is in
     * memory; the bytes are those {@link #write(List, Path)} writes for the same frames.
     *
     * @param file the GIF to create or replace; parent folders are created
     * @return the open sequence; close it after the last frame
     * @throws IOException if the file cannot be created
     */
    public Sequence open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(file);
        return new Sequence(new FileImageOutputStream(file.toFile()));
    }

    /** A GIF being written frame by frame; every frame must have the first one's size. */
    public final class Sequence implements Closeable {

        private final ImageOutputStream stream;
        private final ImageWriter writer;
        private final ImageWriteParam param;
        private int width = -1;
        private int height = -1;
        private int count;
        private boolean ended;

        private Sequence(ImageOutputStream stream) throws IOException {
            this.stream = stream;
            this.writer = ImageIO.getImageWritersByFormatName("gif").next();
            writer.setOutput(stream);
            this.param = writer.getDefaultWriteParam();
            writer.prepareWriteSequence(null);
        }

        /**
         * Appends a frame.
         *
         * @param frame the frame
         * @param last whether it is the last frame, which is held longer; nothing may follow it
         * @throws IOException if writing fails
         */
        public void append(BufferedImage frame, boolean last) throws IOException {
            if (ended) {
                throw new IllegalStateException("the last frame was already written");
            }
            if (count == 0) {
                width = frame.getWidth();
                height = frame.getHeight();
            } else if (frame.getWidth() != width || frame.getHeight() != height) {
                throw new IllegalArgumentException("frame " + count + " is " + frame.getWidth() + "x"
                        + frame.getHeight() + " but frame 0 is " + width + "x" + height);
            }
            BufferedImage indexed = GifPalette.toIndexed(frame);
            int delay = last ? lastFrameDelayCentis : frameDelayCentis;
            IIOMetadata metadata = frameMetadata(writer, param, indexed, delay, count == 0);
            writer.writeToSequence(new IIOImage(indexed, null, metadata), param);
            count++;
            ended = last;
        }

        /** @return frames appended so far */
        public int frames() {
            return count;
        }

        @Override
        public void close() throws IOException {
            try {
                if (count > 0) {
                    writer.endWriteSequence();
                }
            } finally {
                writer.dispose();
                stream.close();
            }
        }
    }

    private IIOMetadata frameMetadata(
            ImageWriter writer, ImageWriteParam param, BufferedImage image, int delay, boolean first)
            throws IOException {
        IIOMetadata metadata =
                writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(GIF_IMAGE_FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", disposal.metadataName());
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delay));
        control.setAttribute("transparentColorIndex", "0");
        // Without an explicit local table the writer pairs our indices with its own default
        // global palette; every frame therefore carries its palette.
        root.appendChild(localColorTable((IndexColorModel) image.getColorModel()));
        if (first) {
            IIOMetadataNode extension = new IIOMetadataNode("ApplicationExtension");
            extension.setAttribute("applicationID", "NETSCAPE");
            extension.setAttribute("authenticationCode", "2.0");
            extension.setUserObject(new byte[] {1, (byte) (loopCount & 0xff), (byte) ((loopCount >> 8) & 0xff)});
            child(root, "ApplicationExtensions").appendChild(extension);
        }
        metadata.setFromTree(GIF_IMAGE_FORMAT, root);
        return metadata;
    }

    private static IIOMetadataNode localColorTable(IndexColorModel palette) {
        IIOMetadataNode table = new IIOMetadataNode("LocalColorTable");
        table.setAttribute("sizeOfLocalColorTable", Integer.toString(palette.getMapSize()));
        table.setAttribute("sortFlag", "FALSE");
        for (int i = 0; i < palette.getMapSize(); i++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(i));
            entry.setAttribute("red", Integer.toString(palette.getRed(i)));
            entry.setAttribute("green", Integer.toString(palette.getGreen(i)));
            entry.setAttribute("blue", Integer.toString(palette.getBlue(i)));
            table.appendChild(entry);
        }
        return table;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    private static void checkFrames(List<BufferedImage> frames) {
        if (frames == null || frames.isEmpty()) {
            throw new IllegalArgumentException("a GIF needs at least one frame");
        }
        BufferedImage first = frames.get(0);
        for (int i = 1; i < frames.size(); i++) {
            BufferedImage frame = frames.get(i);
            if (frame.getWidth() != first.getWidth() || frame.getHeight() != first.getHeight()) {
                throw new IllegalArgumentException(
                        "frame " + i + " is " + frame.getWidth() + "x" + frame.getHeight()
                                + " but frame 0 is " + first.getWidth() + "x" + first.getHeight());
            }
        }
    }

    /** Builder of {@link GifWriter}. */
    public static final class Builder {
        private double framesPerSecond = 10;
        private int lastFrameHoldMillis = 2000;
        private int loopCount;
        private Disposal disposal = Disposal.NONE;

        private Builder() {}

        /**
         * @param framesPerSecond frame rate, positive (default 10)
         * @return this builder
         */
        public Builder optFramesPerSecond(double framesPerSecond) {
            this.framesPerSecond = framesPerSecond;
            return this;
        }

        /**
         * @param millis how long the last frame stays, at least one normal frame (default 2000)
         * @return this builder
         */
        public Builder optLastFrameHoldMillis(int millis) {
            this.lastFrameHoldMillis = millis;
            return this;
        }

        /**
         * @param loopCount how often to repeat, 0 = forever (default), at most 65535
         * @return this builder
         */
        public Builder optLoopCount(int loopCount) {
            this.loopCount = loopCount;
            return this;
        }

        /**
         * @param disposal the disposal method of every frame (default NONE)
         * @return this builder
         */
        public Builder optDisposal(Disposal disposal) {
            this.disposal = disposal;
            return this;
        }

        /**
         * @return the writer
         * @throws IllegalArgumentException if a setting is out of range
         */
        public GifWriter build() {
            if (!(framesPerSecond > 0) || Double.isInfinite(framesPerSecond)) {
                throw new IllegalArgumentException(
                        "frames per second must be positive, got " + framesPerSecond);
            }
            if (lastFrameHoldMillis < 0) {
                throw new IllegalArgumentException(
                        "last frame hold must not be negative, got " + lastFrameHoldMillis);
            }
            if (loopCount < 0 || loopCount > 0xffff) {
                throw new IllegalArgumentException(
                        "loop count must be in [0, 65535], got " + loopCount);
            }
            if (disposal == null) {
                throw new IllegalArgumentException("disposal must not be null");
            }
            return new GifWriter(this);
        }
    }
}
