package org.affiliateledger.infra.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link EmbeddedPostgresTest}: starts the database on the directory given as argument (and, as
 * root, relocates it under the second argument when the account cannot reach it),
 * writes a row, prints {@code READY <port>} and waits to be killed.
 */
final class EmbeddedPostgresChild {

    static final String NOTE = "written before kill -9";

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = args.length > 1
                ? EmbeddedPostgres.start(Path.of(args[0]), "nobody", Path.of(args[1])) // root, cluster relocated under args[1]
                : EmbeddedPostgres.start(Path.of(args[0]));
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("ledger"), postgres.user(), null);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE written_by_child (note text)");
            statement.execute("INSERT INTO written_by_child VALUES ('" + NOTE + "')");
        }
        System.out.println("READY " + postgres.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
