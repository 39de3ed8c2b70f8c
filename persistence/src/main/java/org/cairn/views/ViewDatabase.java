package org.cairn.views;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** The connection pool for the views (in the journal's database): projection writes and query reads. */
public final class ViewDatabase implements AutoCloseable {
    private final HikariDataSource pool;

    private ViewDatabase(HikariDataSource pool) {
        this.pool = pool;
    }

    public static ViewDatabase open(String url, String user, String password, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setPoolName("cairn-views");
        return new ViewDatabase(new HikariDataSource(config));
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
