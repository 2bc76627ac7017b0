package dev.tether.agent;

/**
 * Estimates tokens without the model's tokenizer: about four ASCII characters per token, and one token per
 * other character (CJK text tokenizes at roughly one per character in Qwen and GPT tokenizers). Errs high.
 */
public final class TokenEstimator {
    private static final int PER_MESSAGE_OVERHEAD = 4;

    private TokenEstimator() {
    }

    public static int estimate(String text) {
        int ascii = 0;
        int other = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 128) {
                ascii++;
            } else {
                other++;
            }
        }
        return (ascii + 3) / 4 + other + PER_MESSAGE_OVERHEAD;
    }
}
