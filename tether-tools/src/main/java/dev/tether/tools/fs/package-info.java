/**
 * File tools confined to the conversation's workspace: {@code read_file}, {@code write_file}, {@code edit_file}
 * and {@code list_dir}. Every path goes through {@link dev.tether.tools.fs.WorkspacePaths}, which refuses
 * {@code ..}, absolute paths and symbolic links that lead outside the workspace root.
 */
package dev.tether.tools.fs;
