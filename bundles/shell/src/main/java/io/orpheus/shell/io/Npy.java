package io.orpheus.shell.io;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format: versions 1, 2 and 3, little- and big-endian, C order. Reads
 * f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1 c8 c16; writes the same types little-endian (version 1, or 2
 * when the header needs it).
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern TYPE = Pattern.compile("([<>|=]?)([fiubc?])(\\d*)");

    private Npy() {
    }

    /** Reads a tensor; the message of any error names the file. */
    public static Tensor read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /** Parses the bytes of a {@code .npy} file; {@code source} names it in errors. */
    public static Tensor read(byte[] bytes, String source) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new NpyException(source + ": not a .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6] & 0xff;
        int headerStart;
        long headerLen;
        ByteBuffer prefix = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Charset charset = StandardCharsets.ISO_8859_1;
        switch (major) {
            case 1 -> {
                headerLen = prefix.getShort(8) & 0xffff;
                headerStart = 10;
            }
            case 2, 3 -> {
                if (bytes.length < 12) {
                    throw new NpyException(source + ": truncated header");
                }
                headerLen = prefix.getInt(8) & 0xffffffffL;
                headerStart = 12;
                if (major == 3) {
                    charset = StandardCharsets.UTF_8;
                }
            }
            default -> throw new NpyException(source + ": .npy format version " + major + "." + (bytes[7] & 0xff)
                    + " is not supported (1, 2 and 3 are)");
        }
        if (headerStart + headerLen > bytes.length) {
            throw new NpyException(source + ": truncated header");
        }
        String header = new String(bytes, headerStart, (int) headerLen, charset);
        DataType dtype;
        ByteOrder order;
        Matcher d = DESCR.matcher(header);
        if (!d.find()) {
            throw new NpyException(source + ": header has no simple 'descr' (structured dtypes are not supported): "
                    + header.strip());
        }
        Matcher t = TYPE.matcher(d.group(1));
        if (!t.matches()) {
            throw new NpyException(source + ": dtype '" + d.group(1) + "' is not supported");
        }
        order = t.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        dtype = dtypeOf(t.group(2), t.group(3), d.group(1), source);
        Matcher f = FORTRAN.matcher(header);
        if (!f.find()) {
            throw new NpyException(source + ": header has no 'fortran_order'");
        }
        if (f.group(1).equals("True")) {
            throw new NpyException(source + ": Fortran-order arrays are not supported; save it in C order "
                    + "(numpy.ascontiguousarray)");
        }
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) {
            throw new NpyException(source + ": header has no 'shape'");
        }
        long[] shape = parseShape(s.group(1), source);
        Tensor tensor;
        try {
            tensor = Tensor.allocate(dtype, shape);
        } catch (IllegalArgumentException e) {
            throw new NpyException(source + ": " + e.getMessage());
        }
        int dataStart = (int) (headerStart + headerLen);
        long need = (long) tensor.size() * dtype.storageBytes();
        long have = bytes.length - dataStart;
        if (have != need) {
            throw new NpyException(source + ": shape " + Arrays.toString(shape) + " of " + d.group(1) + " needs " + need
                    + " data bytes, the file has " + have);
        }
        fill(tensor, ByteBuffer.wrap(bytes, dataStart, (int) need).slice().order(order));
        return tensor;
    }

    private static DataType dtypeOf(String kind, String size, String descr, String source) {
        DataType t = switch (kind + size) {
            case "f2" -> DataType.FLOAT16;
            case "f4" -> DataType.FLOAT;
            case "f8" -> DataType.DOUBLE;
            case "i1" -> DataType.INT8;
            case "i2" -> DataType.INT16;
            case "i4" -> DataType.INT32;
            case "i8" -> DataType.INT64;
            case "u1" -> DataType.UINT8;
            case "u2" -> DataType.UINT16;
            case "u4" -> DataType.UINT32;
            case "u8" -> DataType.UINT64;
            case "b1", "?", "?1" -> DataType.BOOL;
            case "c8" -> DataType.COMPLEX64;
            case "c16" -> DataType.COMPLEX128;
            default -> null;
        };
        if (t == null) {
            throw new NpyException(source + ": dtype '" + descr + "' is not supported (f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 "
                    + "b1 c8 c16 are)");
        }
        return t;
    }

    private static long[] parseShape(String tuple, String source) {
        List<Long> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String p = part.strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new NpyException(source + ": bad shape (" + tuple + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static void fill(Tensor t, ByteBuffer data) {
        switch (t.array()) {
            case float[] a -> data.asFloatBuffer().get(a);
            case double[] a -> data.asDoubleBuffer().get(a);
            case short[] a -> data.asShortBuffer().get(a);
            case int[] a -> data.asIntBuffer().get(a);
            case long[] a -> data.asLongBuffer().get(a);
            case byte[] a -> {
                data.get(a);
                if (t.dtype() == DataType.BOOL) {
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (byte) (a[i] != 0 ? 1 : 0);
                    }
                }
            }
            default -> throw new IllegalStateException("no .npy storage for " + t.dtype());
        }
    }

    /** Whether {@link #write} can store a tensor of this type. */
    public static boolean canWrite(DataType t) {
        return descr(t) != null;
    }

    private static String descr(DataType t) {
        return switch (t) {
            case FLOAT16 -> "<f2";
            case FLOAT -> "<f4";
            case DOUBLE -> "<f8";
            case INT8 -> "|i1";
            case INT16 -> "<i2";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case UINT8 -> "|u1";
            case UINT16 -> "<u2";
            case UINT32 -> "<u4";
            case UINT64 -> "<u8";
            case BOOL -> "|b1";
            case COMPLEX64 -> "<c8";
            case COMPLEX128 -> "<c16";
            default -> null;
        };
    }

    public static void write(Path file, Tensor tensor) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, tensor);
        }
    }

    /** Writes little-endian, C order; version 1 unless the header is too long for it. */
    public static void write(OutputStream out, Tensor tensor) throws IOException {
        Tensor t = tensor.toHeap();
        String descr = descr(t.dtype());
        if (descr == null) {
            throw new NpyException("a " + t.dtype() + " tensor cannot be stored in .npy");
        }
        long[] shape = t.shape();
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dims.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int version = dict.length() + 1 + 10 > 0xffff ? 2 : 1;
        int prefix = version == 1 ? 10 : 12;
        int padded = (prefix + dict.length() + 1 + 63) / 64 * 64 - prefix;
        StringBuilder header = new StringBuilder(dict);
        while (header.length() < padded - 1) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer head = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            head.putShort((short) padded);
        } else {
            head.putInt(padded);
        }
        out.write(head.array());
        out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate(t.size() * t.dtype().storageBytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.array()) {
            case float[] a -> data.asFloatBuffer().put(a);
            case double[] a -> data.asDoubleBuffer().put(a);
            case short[] a -> data.asShortBuffer().put(a);
            case int[] a -> data.asIntBuffer().put(a);
            case long[] a -> data.asLongBuffer().put(a);
            case byte[] a -> data.put(a);
            default -> throw new IllegalStateException("no .npy storage for " + t.dtype());
        }
        out.write(data.array());
    }

    /** A file that is not a .npy this reader supports; the message names the file and the reason. */
    public static final class NpyException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public NpyException(String message) {
            super(message);
        }
    }
}
