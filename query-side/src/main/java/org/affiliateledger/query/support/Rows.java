package org.affiliateledger.query.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Read-model rows held in memory, for rebuilding a resource from its events (see {@link RowChange#applyTo}). */
public final class Rows {
    private final Map<String, List<Map<String, Object>>> tables = new HashMap<>();

    void add(String table, Map<String, Object> row) {
        tables.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
    }

    List<Map<String, Object>> matching(String table, String column, Object value) {
        return tables.getOrDefault(table, List.of()).stream()
                .filter(row -> value != null && Objects.equals(row.get(column), value))
                .toList();
    }

    public Optional<Map<String, Object>> find(String table, String column, Object value) {
        return matching(table, column, value).stream().findFirst();
    }
}
