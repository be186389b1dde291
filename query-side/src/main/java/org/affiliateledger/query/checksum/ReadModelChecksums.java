package org.affiliateledger.query.checksum;

import org.affiliateledger.query.affiliate.AffiliateProjector;
import org.affiliateledger.query.commission.CommissionProjector;
import org.affiliateledger.query.conversion.ConversionProjector;
import org.affiliateledger.query.finance.BalanceProjector;
import org.affiliateledger.query.payout.PayoutProjector;
import org.affiliateledger.query.program.ProgramProjector;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checksum per rebuildable read model, so an operator can prove a rebuild reproduced exactly the same rows: per
 * table, an MD5 over the MD5s of its rows in sorted order (independent of physical order), then a SHA-256 over the
 * tables of the read model. Columns that record when a projection wrote a row, rather than what happened, would
 * differ after every rebuild and are left out ({@link #WRITE_TIME_COLUMNS}; the read models have none today).
 */
@Component
public class ReadModelChecksums {
    /** The read models a rebuild empties and refills (their @ResetHandlers truncate exactly these tables). */
    static final Map<String, List<String>> TABLES = tables();
    static final Set<String> WRITE_TIME_COLUMNS = Set.of("projected_at");
    /**
     * Totals kept in shards, one per writing segment (V152), by their key columns: checksummed per key with the
     * shards summed (a key whose sums are all zero has no row, as in a table of one row per key), so the checksum does
     * not depend on which segment wrote what, nor on how many segments there are.
     */
    static final Map<String, List<String>> SHARDED_KEYS = Map.of(
            "conversion_day_totals", List.of("merchant_id", "currency", "day"),
            "affiliate_conversion_totals", List.of("merchant_id", "currency", "affiliate_id"),
            "commission_day_totals", List.of("merchant_id", "currency", "day"),
            "affiliate_commission_totals", List.of("merchant_id", "currency", "affiliate_id"));

    public record TableChecksum(String table, long rows, String checksum) {
    }

    /** @param checksum SHA-256 (hex) over the tables' checksums, in the order listed */
    public record Checksum(String name, long rows, String checksum, List<TableChecksum> tables) {
    }

    private final JdbcClient jdbc;

    public ReadModelChecksums(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        tables.put(AffiliateProjector.GROUP, List.of("affiliates"));
        tables.put(BalanceProjector.GROUP, List.of("balance_entries", "balance_commissions", "balance_day_totals"));
        tables.put(CommissionProjector.GROUP, List.of("commissions", "commission_day_totals", "affiliate_commission_totals"));
        tables.put(ConversionProjector.GROUP, List.of("conversions", "conversion_refunds", "conversion_day_totals", "affiliate_conversion_totals"));
        tables.put(PayoutProjector.GROUP, List.of("payouts"));
        tables.put(ProgramProjector.GROUP, List.of("program"));
        return tables;
    }

    /** One consistent snapshot of every read model (a repeatable-read transaction). */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public List<Checksum> all() {
        return TABLES.entrySet().stream().map(entry -> of(entry.getKey(), entry.getValue())).toList();
    }

    private Checksum of(String name, List<String> tables) {
        List<TableChecksum> checksums = tables.stream().map(this::table).toList();
        MessageDigest sha = sha256();
        long rows = 0;
        for (TableChecksum table : checksums) {
            sha.update((table.table() + ":" + table.rows() + ":" + table.checksum() + "\n").getBytes(StandardCharsets.UTF_8));
            rows += table.rows();
        }
        return new Checksum(name, rows, HexFormat.of().formatHex(sha.digest()), checksums);
    }

    private TableChecksum table(String table) {
        List<String> columns = jdbc.sql("""
                        SELECT column_name FROM information_schema.columns
                        WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position""")
                .param(table)
                .query(String.class).list().stream()
                .filter(column -> !WRITE_TIME_COLUMNS.contains(column))
                .filter(column -> !(SHARDED_KEYS.containsKey(table) && column.equals("shard")))
                .toList();
        // table and column names come from the fixed list above and the catalogue, never from a request
        String source = SHARDED_KEYS.containsKey(table) ? summedShards(table, columns) : table;
        String sql = "SELECT count(*), md5(coalesce(string_agg(r.h, '' ORDER BY r.h), '')) FROM (SELECT md5(ROW("
                + String.join(", ", columns.stream().map(ReadModelChecksums::quoted).toList()) + ")::text) AS h FROM "
                + source + ") r";
        return jdbc.sql(sql).query((rs, n) -> new TableChecksum(table, rs.getLong(1), rs.getString(2))).single();
    }

    /** The table as one row per key, its shards' values summed; keys whose sums are all zero left out. */
    private static String summedShards(String table, List<String> columns) {
        List<String> keys = SHARDED_KEYS.get(table);
        List<String> values = columns.stream().filter(column -> !keys.contains(column)).toList();
        List<String> selected = columns.stream()
                .map(column -> keys.contains(column) ? quoted(column) : "SUM(" + quoted(column) + ")::bigint AS " + quoted(column))
                .toList();
        return "(SELECT " + String.join(", ", selected) + " FROM " + table
                + " GROUP BY " + String.join(", ", keys.stream().map(ReadModelChecksums::quoted).toList())
                + " HAVING " + String.join(" OR ", values.stream().map(value -> "SUM(" + quoted(value) + ") <> 0").toList())
                + ") s";
    }

    private static String quoted(String column) {
        return "\"" + column.replace("\"", "\"\"") + "\"";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
