package org.affiliateledger.infra.perf;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** A JDBC proxy counting the statements executed on threads whose names start with one of the given prefixes. */
final class StatementCounter {
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
            "executeLargeUpdate", "executeLargeBatch");

    private StatementCounter() {
    }

    /** Executions by the statement's first 60 characters (prepared statements; plain ones by their SQL argument). */
    static final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> BY_SQL = new java.util.concurrent.ConcurrentHashMap<>();

    static <T> T proxy(Class<T> type, T target, AtomicLong count, String... threadPrefixes) {
        return proxy(type, target, null, count, threadPrefixes);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, String sql, AtomicLong count, String... threadPrefixes) {
        InvocationHandler handler = (p, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (EXECUTIONS.contains(method.getName()) && counted(Thread.currentThread().getName(), threadPrefixes)) {
                count.incrementAndGet();
                String text = sql != null ? sql : args != null && args.length > 0 && args[0] instanceof String given ? given : "?";
                String shortText = text.strip().replaceAll("\\s+", " ");
                BY_SQL.computeIfAbsent(shortText.substring(0, Math.min(60, shortText.length())), k -> new AtomicLong())
                        .incrementAndGet();
            }
            String prepared = method.getName().startsWith("prepare") && args != null && args.length > 0
                    && args[0] instanceof String given ? given : null;
            if (result instanceof Connection c && method.getReturnType() == Connection.class) {
                return proxy(Connection.class, c, null, count, threadPrefixes);
            }
            if (result instanceof java.sql.CallableStatement s) {
                return proxy(java.sql.CallableStatement.class, s, prepared, count, threadPrefixes);
            }
            if (result instanceof java.sql.PreparedStatement s) {
                return proxy(java.sql.PreparedStatement.class, s, prepared, count, threadPrefixes);
            }
            if (result instanceof Statement s) {
                return proxy(Statement.class, s, null, count, threadPrefixes);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler);
    }

    private static boolean counted(String thread, String[] prefixes) {
        for (String prefix : prefixes) {
            if (thread.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
