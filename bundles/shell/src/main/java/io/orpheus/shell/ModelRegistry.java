package io.orpheus.shell;

import io.orpheus.api.model.ModelImporter;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Models kept by name. A command's MODEL is a loaded model's name or, when no model has that name, a
 * model file, which is then loaded under its file name without extension.
 */
final class ModelRegistry {

    private final Supplier<Orpheus> orpheus;
    private final Map<String, LoadedModel> models = new LinkedHashMap<>();

    ModelRegistry(Supplier<Orpheus> orpheus) {
        this.orpheus = orpheus;
    }

    /** Loads a file under a name (null: the file name without extension); replaces a model of that name. */
    LoadedModel load(Path file, String name) {
        String key = name == null || name.isBlank() ? defaultName(file) : name;
        if (!key.matches("[A-Za-z0-9._-]+")) {
            throw new ShellException("model name '" + key + "' may hold only letters, digits, '.', '_' and '-'");
        }
        Orpheus o = orpheus.get();
        OrpheusModel model = o.load(file);
        String format = o.importers().stream().filter(i -> i.accepts(file)).map(ModelImporter::format).findFirst()
                .orElse("?");
        LoadedModel loaded = new LoadedModel(key, file.toAbsolutePath().normalize(), format, model);
        LoadedModel replaced;
        synchronized (models) {
            replaced = models.put(key, loaded);
        }
        if (replaced != null) {
            replaced.closeSession();
        }
        return loaded;
    }

    /** A loaded model by name, else the file of that path (loaded now, or found loaded from the same file). */
    LoadedModel resolve(String nameOrFile) {
        LoadedModel byName = find(nameOrFile);
        if (byName != null) {
            return byName;
        }
        Path file = Path.of(nameOrFile);
        if (!Files.exists(file)) {
            List<String> names = names();
            throw new ShellException(names.isEmpty() ? "no such file: " + nameOrFile
                    : "no model '" + nameOrFile + "': neither a loaded model (loaded: " + String.join(", ", names)
                    + ") nor a file");
        }
        Path abs = file.toAbsolutePath().normalize();
        synchronized (models) {
            for (LoadedModel m : models.values()) {
                if (m.file().equals(abs)) {
                    return m;
                }
            }
        }
        String base = defaultName(file);
        String name = base;
        for (int i = 2; find(name) != null; i++) {
            name = base + "-" + i;
        }
        return load(file, name);
    }

    LoadedModel find(String name) {
        synchronized (models) {
            return models.get(name);
        }
    }

    /** Forgets a model and closes its session. */
    void unload(String name) {
        LoadedModel m;
        synchronized (models) {
            m = models.remove(name);
        }
        if (m == null) {
            throw new ShellException("no model '" + name + "' is loaded" + (names().isEmpty() ? ""
                    : " (loaded: " + String.join(", ", names()) + ")"));
        }
        m.closeSession();
    }

    List<LoadedModel> all() {
        synchronized (models) {
            return new ArrayList<>(models.values());
        }
    }

    List<String> names() {
        synchronized (models) {
            return new ArrayList<>(models.keySet());
        }
    }

    /** Closes every session (the shell is going away). */
    void closeAll() {
        for (LoadedModel m : all()) {
            m.closeSession();
        }
    }

    static String defaultName(Path file) {
        String n = file.getFileName() == null ? "model" : file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String stem = dot > 0 ? n.substring(0, dot) : n;
        String cleaned = stem.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() ? "model" : cleaned;
    }
}
