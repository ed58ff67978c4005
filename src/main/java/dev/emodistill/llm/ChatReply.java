package dev.emodistill.llm;

/**
 * What a chat-completions call returned.
 *
 * @param content      {@code choices[0].message.content} ("" when the server sent none)
 * @param inputTokens  {@code usage.prompt_tokens} (0 when the server does not report usage)
 * @param outputTokens {@code usage.completion_tokens}
 * @param cached       true when the reply came from the on-disk cache (no request was made)
 */
public record ChatReply(String content, long inputTokens, long outputTokens, boolean cached) {
    public ChatReply {
        content = content == null ? "" : content;
    }
}
