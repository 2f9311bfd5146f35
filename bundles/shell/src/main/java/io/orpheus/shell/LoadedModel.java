package io.orpheus.shell;

import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import java.nio.file.Path;

/**
 * A model kept by name: the file it came from, its session settings, and the session made from them
 * (created on first use, re-created when the settings change).
 */
final class LoadedModel {

    private final String name;
    private final Path file;
    private final String format;
    private final OrpheusModel model;
    private final ModelSettings settings = new ModelSettings();
    private Session session;

    LoadedModel(String name, Path file, String format, OrpheusModel model) {
        this.name = name;
        this.file = file;
        this.format = format;
        this.model = model;
    }

    String name() {
        return name;
    }

    Path file() {
        return file;
    }

    String format() {
        return format;
    }

    OrpheusModel model() {
        return model;
    }

    /** A copy of the settings; change them with {@link #update}. */
    synchronized ModelSettings settings() {
        return settings.copy();
    }

    /** Applies new settings: the session is planned again on next use (the old one is closed now). */
    synchronized void update(ModelSettings next) {
        settings.threads = next.threads;
        settings.passes = next.passes;
        settings.backends.clear();
        settings.backends.addAll(next.backends);
        settings.implByOp.clear();
        settings.implByOp.putAll(next.implByOp);
        settings.implByNode.clear();
        settings.implByNode.putAll(next.implByNode);
        closeSession();
    }

    /** The session for the current settings, planned now if there is none. */
    synchronized Session session() {
        if (session == null) {
            session = model.newSession(settings.toOptions());
        }
        return session;
    }

    synchronized void closeSession() {
        if (session != null) {
            Session s = session;
            session = null;
            s.close();
        }
    }
}
