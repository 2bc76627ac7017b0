package dev.tether.app;

import dev.tether.api.tool.Tool;
import dev.tether.config.ToolsConfig;
import dev.tether.tools.BuiltinTools;
import dev.tether.tools.exec.ExecSettings;
import dev.tether.tools.web.WebFetchSettings;
import java.util.ArrayList;
import java.util.List;

/** The built-in tools that the {@code tools} section turns on. */
public final class Tools {
    private Tools() {
    }

    public static List<Tool> enabled(ToolsConfig config) {
        List<Tool> tools = new ArrayList<>();
        if (config.files().enabled()) {
            tools.addAll(BuiltinTools.fileTools());
        }
        if (config.exec().enabled()) {
            tools.add(BuiltinTools.exec(new ExecSettings(config.exec().timeout(), config.exec().maxOutputChars())));
        }
        var web = config.webFetch();
        if (web.enabled()) {
            tools.add(BuiltinTools.webFetch(new WebFetchSettings(web.timeout(), web.maxBytes(), web.maxRedirects(),
                    web.allowPrivateAddresses())));
        }
        return tools;
    }
}
