package dev.tether.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the configuration: defaults, then the file (if it exists), with {@code ${ENV}} substituted, then
 * {@code key=value} overrides from the command line; binds the result to {@link TetherConfig} and checks it.
 * Every failure is a {@link ConfigException} naming the file, the key and the fix.
 */
public final class ConfigLoader {
    private static final String TEMPLATE = "/dev/tether/config/default-config.jsonc";
    private static final ObjectMapper MAPPER = newMapper();

    private ConfigLoader() {
    }

    /** Where Tether keeps its files: {@code $TETHER_HOME}, or {@code ~/.tether}. */
    public static Path defaultHome(Function<String, String> env) {
        String home = env.apply("TETHER_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(expandTilde(home)).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".tether");
    }

    /** The commented default configuration that {@code tether onboard} writes. */
    public static String defaultTemplate() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + TEMPLATE + ": the build is broken, rebuild Tether");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration with defaults only (no file, no overrides), rooted at {@code home}. */
    public static TetherConfig defaults(Path home) {
        return load(home, home.resolve("config.json"), name -> null, List.of(), false);
    }

    /**
     * Loads the configuration.
     *
     * @param home TETHER_HOME, against which relative paths resolve
     * @param file the config file; a missing file means "defaults"
     * @param env environment lookup for {@code ${NAME}}
     * @param overrides {@code key.path=value} pairs; values are JSON if they parse as JSON, else strings
     */
    public static TetherConfig load(Path home, Path file, Function<String, String> env, List<String> overrides) {
        return load(home, file, env, overrides, true);
    }

    private static TetherConfig load(Path home, Path file, Function<String, String> env, List<String> overrides,
                                     boolean readFile) {
        String source = file.toString();
        ObjectNode defaults = (ObjectNode) parse(defaultTemplate(), "the built-in defaults");
        ObjectNode merged = defaults.deepCopy();
        if (readFile) {
            readUserFile(file).ifPresent(text -> {
                JsonNode user = parse(text, source);
                ConfigTree.checkKeys(user, defaults, source);
                ConfigTree.substituteEnv(user, env, "", source);
                ConfigTree.merge(merged, user, defaults, "");
            });
        }
        for (String override : overrides) {
            Overrides.apply(merged, defaults, override);
        }
        resolvePath(merged, home, "workspace");
        resolvePath(merged, home, "user-workspaces");
        resolvePath((ObjectNode) merged.get("store"), home, "path");
        TetherConfig config = bind(merged, source);
        validateReferences(config, source);
        return config;
    }

    private static java.util.Optional<String> readUserFile(Path file) {
        try {
            return java.util.Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new ConfigException("Cannot read the configuration file " + file + ": " + e.getMessage()
                    + ". Check its permissions, or point --config at another file.", e);
        }
    }

    static JsonNode parse(String text, String source) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigException("The configuration in " + source + " is not valid JSON" + where + ": "
                    + e.getOriginalMessage() + ". Fix the file or run 'tether onboard --force' to write a fresh one.", e);
        }
    }

    private static TetherConfig bind(ObjectNode tree, String source) {
        try {
            return MAPPER.treeToValue(tree, TetherConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(describe(e, source), e);
        } catch (JacksonException e) {
            throw new ConfigException("Cannot read the configuration in " + source + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(JsonMappingException e, String source) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            String prefix = path.isEmpty() ? "" : path + ".";
            return "Bad value in " + source + ": " + prefix + e.getCause().getMessage() + ".";
        }
        if (e.getCause() instanceof IllegalArgumentException iae) {
            return "Key '" + path + "' in " + source + ": " + iae.getMessage() + ".";
        }
        if (e instanceof InvalidFormatException ife) {
            return "Key '" + path + "' in " + source + " must be " + typeName(ife.getTargetType()) + " but was "
                    + MAPPER.valueToTree(ife.getValue()) + ".";
        }
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            return "Key '" + path + "' in " + source + " must be " + typeName(mie.getTargetType()) + ".";
        }
        return "Bad value for key '" + path + "' in " + source + ": " + e.getOriginalMessage();
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list [ ... ]";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object { ... }";
        }
        return "a " + type.getSimpleName();
    }

    private static void validateReferences(TetherConfig config, String source) {
        List<String> names = config.models().keySet().stream().sorted().toList();
        if (!config.models().containsKey(config.agent().model())) {
            throw new ConfigException("agent.model in " + source + " is '" + config.agent().model()
                    + "', but 'models' has no entry of that name. Use one of " + names
                    + ", or add models." + config.agent().model() + ".");
        }
        for (String fallback : config.agent().fallbacks()) {
            if (!config.models().containsKey(fallback)) {
                throw new ConfigException("agent.fallbacks in " + source + " names '" + fallback
                        + "', but 'models' has no entry of that name. Use one of " + names + ".");
            }
        }
    }

    private static void resolvePath(ObjectNode parent, Path home, String key) {
        JsonNode value = parent.get(key);
        if (value != null && value.isTextual()) {
            Path p = Path.of(expandTilde(value.textValue()));
            parent.put(key, home.resolve(p).toAbsolutePath().normalize().toString());
        }
    }

    private static String expandTilde(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    /** The mapper used for config: kebab-case keys, comments allowed, durations like "30s". */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper newMapper() {
        SimpleModule durations = new SimpleModule("tether-durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return Durations.parse(p.getValueAsString(p.getText()));
            }
        });
        durations.addSerializer(Duration.class, new com.fasterxml.jackson.databind.JsonSerializer<>() {
            @Override
            public void serialize(Duration value, com.fasterxml.jackson.core.JsonGenerator gen,
                                  com.fasterxml.jackson.databind.SerializerProvider serializers) throws IOException {
                gen.writeString(Durations.format(value));
            }
        });
        durations.addSerializer(Path.class, ToStringSerializer.instance);
        return JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .addModule(new Jdk8Module())
                .addModule(durations)
                .build();
    }
}
