package io.orpheus.runtime.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Numbers the values of a graph so that a run keeps them in an array. */
final class SlotTable {
    private final Map<String, Integer> slots = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    int slot(String name) {
        return slots.computeIfAbsent(name, k -> {
            names.add(k);
            return names.size() - 1;
        });
    }

    Integer find(String name) {
        return slots.get(name);
    }

    String name(int slot) {
        return names.get(slot);
    }

    int size() {
        return names.size();
    }
}
