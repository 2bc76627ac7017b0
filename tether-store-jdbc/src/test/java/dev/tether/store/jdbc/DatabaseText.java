package dev.tether.store.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads every value of every table in a database as text, to prove something is not stored anywhere. */
public final class DatabaseText {
    private DatabaseText() {
    }

    /** The non-null values of all columns of all rows of all tables in {@code schema} (null: any schema). */
    public static List<String> all(Connection c, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        if (!tables.contains("access_tokens")) {
            throw new AssertionError("No access_tokens table among " + tables + " in schema " + schema);
        }
        List<String> values = new ArrayList<>();
        for (String table : tables) {
            String qualified = schema == null ? "\"" + table + "\"" : schema + ".\"" + table + "\"";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + qualified)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        String value = rs.getString(i);
                        if (value != null) {
                            values.add(value);
                        }
                    }
                }
            }
        }
        return values;
    }
}
