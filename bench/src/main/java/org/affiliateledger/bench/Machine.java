package org.affiliateledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the figures were measured on; the load average shows what else the machine was doing at the time. */
record Machine(String cpu, int cores, long memoryBytes, String os, String java, String postgres,
               Map<String, String> postgresSettings, String loadAverageAtStart) {

    static Machine describe(BenchDatabase database) throws IOException, SQLException {
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), memTotal(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                show(database, List.of("server_version")).get("server_version"),
                show(database, List.of("shared_buffers", "synchronous_commit", "fsync", "wal_level", "max_connections")),
                loadAverage());
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static long memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                    .findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Map<String, String> show(BenchDatabase database, List<String> settings) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection c = database.connect(BenchDatabase.LEDGER); Statement s = c.createStatement()) {
            for (String setting : settings) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    values.put(setting, rs.getString(1));
                }
            }
        }
        return values;
    }
}
