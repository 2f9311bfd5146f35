package io.orpheus.shell;

import io.orpheus.api.OrpheusException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns any error into one line, naming the exception's class only when its message does not say enough. */
public final class Errors {

    private Errors() {
    }

    public static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof OutOfMemoryError) {
            return "out of memory (raise the heap with ORPHEUS_HEAP, e.g. ORPHEUS_HEAP=16g)";
        }
        if (e instanceof StackOverflowError) {
            return "stack overflow (the model is too deep for the thread stack)";
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return (m == null ? "" : oneLine(m) + ": ") + message(u.getCause());
        }
        if (e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null) {
            return message(e.getCause());
        }
        if (e instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + m;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists: " + m;
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory: " + m;
        }
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof OrpheusException || e instanceof ShellException || e instanceof IllegalArgumentException
                || e instanceof IOException) {
            return oneLine(m);
        }
        return e.getClass().getSimpleName() + ": " + oneLine(m);
    }

    /** Joins the lines of a multi-line message with "; ". */
    public static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
