package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.store.TokenOwner;
import dev.tether.store.sqlite.SqliteConversationStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tether token} and {@code tether user} through the real jar, against the SQLite file it writes. */
class TokenCliIT {
    private static final Pattern SECRET = Pattern.compile("^    (tth_[A-Za-z0-9_-]{43})$", Pattern.MULTILINE);
    private static final Pattern ID = Pattern.compile("Created token ([0-9a-f]{16}) ");

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
    }

    private Path dbFile() {
        return home.resolve("data/tether.db");
    }

    private CliProcess.Result tether(String... args) throws Exception {
        return CliProcess.run(home, "", args);
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in:%n%s", pattern, text).isTrue();
        return m.group(1);
    }

    @Test
    void createPrintsTheSecretOnceWithHowToSignIn() throws Exception {
        CliProcess.Result r = tether("--set", "server.host=chat.example.org", "--set", "server.port=8443",
                "token", "create", "--user", "ada", "--label", "laptop");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String secret = group(SECRET, r.stdout());
        String id = group(ID, r.stdout());
        assertThat(r.stdout()).startsWith("Created user 'ada'.\nCreated token " + id + " for user 'ada' (label 'laptop'):")
                .contains("will not be shown again")
                .contains("paste it on the login screen, or open http://chat.example.org:8443/#token=" + secret)
                .contains("Authorization: Bearer " + secret)
                .contains("tether token revoke " + id);
        try (SqliteConversationStore store = SqliteConversationStore.open(dbFile())) {
            assertThat(store.authenticate(secret)).contains(new TokenOwner("ada", id));
        }

        CliProcess.Result second = tether("token", "create", "--user", "ada");
        assertThat(second.stdout()).doesNotContain("Created user").contains("for user 'ada':")
                .doesNotContain(secret);
    }

    @Test
    void listShowsTokensWithoutSecretsAndRevokeStopsThem() throws Exception {
        CliProcess.Result created = tether("token", "create", "--user", "ada", "--label", "laptop");
        tether("token", "create", "--user", "bob", "--label", "phone");
        String secret = group(SECRET, created.stdout());
        String id = group(ID, created.stdout());

        CliProcess.Result list = tether("token", "list");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        List<String> lines = list.stdout().lines().toList();
        assertThat(lines.getFirst()).matches("ID +USER +LABEL +CREATED +LAST USED +REVOKED");
        assertThat(lines.get(1)).matches(id + " +ada +laptop +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +never +no");
        assertThat(lines.get(2)).contains("bob").contains("phone");
        assertThat(list.stdout()).doesNotContain(secret).doesNotContain("tth_");
        assertThat(tether("token", "list", "--user", "bob").stdout()).contains("bob")
                .doesNotContainPattern("\\sada\\s"); // ids are random hex, so "ada" may occur inside one
        assertThat(tether("user", "list").stdout()).containsPattern("ada +\\S+ \\S+ +1 active, 0 revoked +"
                        + Pattern.quote(home.resolve("users/ada").toString()))
                .contains("bob");
        tether("token", "create", "--user", "owner");
        assertThat(tether("user", "list").stdout()).containsPattern("owner +.* revoked +"
                + Pattern.quote(home.resolve("workspace").toString()));

        CliProcess.Result revoke = tether("token", "revoke", id);
        assertThat(revoke.exitCode()).as(revoke.stderr()).isZero();
        assertThat(revoke.stdout().strip())
                .isEqualTo("Revoked token " + id + " (user 'ada', label 'laptop'). It can no longer sign in.");
        assertThat(tether("token", "list", "--user", "ada").stdout()).doesNotContain(" no\n").contains(id);
        assertThat(tether("token", "revoke", id).stdout()).contains("was already revoked on");
        try (SqliteConversationStore store = SqliteConversationStore.open(dbFile())) {
            assertThat(store.authenticate(secret)).isEmpty();
        }
    }

    @Test
    void theDatabaseNeverHoldsThePlaintextSecret() throws Exception {
        CliProcess.Result r = tether("token", "create", "--user", "ada");
        String secret = group(SECRET, r.stdout());
        String random = secret.substring("tth_".length());

        assertThat(allStoredValues()).isNotEmpty().noneMatch(v -> v.contains(random));
        try (Stream<Path> files = Files.list(dbFile().getParent())) {
            for (Path file : files.toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file.toString()).doesNotContain(random);
            }
        }
    }

    @Test
    void mistakesGetOneClearSentence() throws Exception {
        CliProcess.Result unknown = tether("token", "revoke", "0123456789abcdef");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr().strip())
                .isEqualTo("No token with id '0123456789abcdef'. Run 'tether token list' to see the ids.");

        CliProcess.Result badName = tether("token", "create", "--user", "Ada Lovelace");
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.stderr().strip()).startsWith("Invalid user name 'Ada Lovelace': use 1-64 characters")
                .doesNotContain("Exception");

        CliProcess.Result nobody = tether("token", "list", "--user", "nobody");
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.stderr()).contains("No user 'nobody'").contains("tether user list");

        CliProcess.Result badLabel = tether("token", "create", "--user", "carol", "--label", "two\tcolumns");
        assertThat(badLabel.exitCode()).isEqualTo(1);
        assertThat(badLabel.stderr()).contains("Token label contains a control character (U+0009)");

        CliProcess.Result bare = tether("token");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.stderr()).contains("Missing subcommand").contains("tether token create --user NAME");
        assertThat(tether("token", "list").stdout()).contains("No tokens yet.");
        assertThat(tether("user", "list").stdout()).contains("No users yet.");
    }

    private List<String> allStoredValues() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile());
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("users", "access_tokens");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            if (rs.getString(i) != null) {
                                values.add(rs.getString(i));
                            }
                        }
                    }
                }
            }
        }
        return values;
    }
}
