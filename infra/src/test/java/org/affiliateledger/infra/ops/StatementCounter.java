package org.affiliateledger.infra.ops;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the database round trips the ledger's pool makes (each execute, each executed batch, each commit and
 * rollback), by thread group (the request threads, each event processor, the rest) and statement text: load-independent
 * evidence of what a request or an event costs, where timings on a shared machine are noise.
 */
final class StatementCounter {
    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile boolean on;

    void start() {
        counts.clear();
        on = true;
    }

    /** group → statement → count, sorted */
    Map<String, Map<String, Long>> stop() {
        on = false;
        Map<String, Map<String, Long>> result = new TreeMap<>();
        counts.forEach((key, count) -> {
            int bar = key.indexOf('|');
            result.computeIfAbsent(key.substring(0, bar), g -> new TreeMap<>()).put(key.substring(bar + 1), count.sum());
        });
        return result;
    }

    private void count(String sql) {
        if (on) {
            counts.computeIfAbsent(group(Thread.currentThread().getName()) + "|" + sql, k -> new LongAdder()).increment();
        }
    }

    static String group(String thread) {
        if (thread.startsWith("http-nio")) {
            return "request";
        }
        if (thread.startsWith("EventProcessor[")) {
            return thread.substring(0, thread.indexOf(']') + 1);
        }
        return thread.replaceAll("[-#]?\\d+$", "");
    }

    static String normalise(String sql) {
        String flat = sql == null ? "?" : sql.replaceAll("\\s+", " ").strip();
        return flat.length() <= 110 ? flat : flat.substring(0, 110) + "…";
    }

    DataSource wrap(DataSource target) {
        return proxy(DataSource.class, target, (method, args, result) -> result instanceof Connection c ? connection(c) : result);
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (method, args, result) -> {
            switch (method.getName()) {
                case "commit", "rollback" -> count(method.getName().toUpperCase());
                default -> {
                }
            }
            if (result instanceof Statement s) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                return statement(s, sql);
            }
            return result;
        });
    }

    private Statement statement(Statement target, String preparedSql) {
        Class<?> type = target instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                : target instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTES.contains(method.getName())) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
                count((method.getName().contains("Batch") ? "[batch] " : "") + normalise(sql));
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Statement) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler);
    }

    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, Object target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, args, result);
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        static final StatementCounter COUNTER = new StatementCounter();

        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && "dataSource".equals(name) ? COUNTER.wrap(ds) : bean;
                }
            };
        }
    }
}
