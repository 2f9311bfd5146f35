package io.orpheus.containertests;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What Linux says about a process (this JVM, "self", or another pid): resident memory, OS threads,
 * and the sockets it listens on. Everything reads /proc; where /proc is missing (not Linux) the
 * numbers are -1 and {@link #available()} is false.
 */
final class ProcessStats {

    /** TCP state LISTEN in /proc/net/tcp*; UDP sockets that are bound but unconnected show state 07. */
    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";

    private ProcessStats() {
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    /** VmRSS of the process in kB, or -1. */
    static long rssKb(String pid) {
        return statusField(pid, "VmRSS:");
    }

    /** OS threads of the process (Java and native), or -1. */
    static long osThreads(String pid) {
        return statusField(pid, "Threads:");
    }

    /** Live Java threads of this JVM. */
    static int javaThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long statusField(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Inodes of the sockets the process has open (from its /proc/PID/fd links "socket:[inode]"). */
    static Set<String> socketInodes(String pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", pid, "fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }

    /**
     * The TCP sockets in LISTEN and the bound, unconnected UDP sockets the process owns, as
     * "tcp6 local-address:port (hex)" lines; empty when it listens on nothing.
     */
    static List<String> listeningSockets(String pid) throws IOException {
        Set<String> mine = socketInodes(pid);
        List<String> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc", pid, "net", table);
            if (!Files.isReadable(file)) {
                continue;
            }
            String wanted = table.startsWith("tcp") ? TCP_LISTEN : UDP_UNCONNECTED;
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
                if (f.length > 9 && f[3].equals(wanted) && mine.contains(f[9])) {
                    out.add(table + " " + f[1] + " (inode " + f[9] + ")");
                }
            }
        }
        return out;
    }
}
