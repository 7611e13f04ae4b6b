package dev.karuta.sql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A connection whose every statement carries a query timeout, so that the work of a
 * {@link Transactions transaction} need not set one on each statement it makes. The connection's
 * own network timeout is set to the socket timeout too, which covers a container's DataSource,
 * whose driver properties Karuta does not set.
 */
final class QueryTimeout implements InvocationHandler {
    private final Connection connection;
    private final int seconds;

    private QueryTimeout(Connection connection, int seconds) {
        this.connection = connection;
        this.seconds = seconds;
    }

    /** {@code connection}, its statements each with {@code timeouts}' query timeout. */
    static Connection wrap(Connection connection, Timeouts timeouts) throws SQLException {
        // The executor is unused by the drivers here (the read times out on the caller's thread).
        connection.setNetworkTimeout(Runnable::run, (int) timeouts.socket().toMillis());
        return (Connection) Proxy.newProxyInstance(QueryTimeout.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new QueryTimeout(connection, timeouts.querySeconds()));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object result;
        try {
            result = method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof Statement st) {
            st.setQueryTimeout(seconds);
        }
        return result;
    }
}
