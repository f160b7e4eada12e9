// Diagnostic codes for reading input: files, directories, encodings (E00xx).

extension DiagnosticCode {
    static let ioCodes: [DiagnosticCode] = [fileUnreadable, noModelFiles, fileTooLarge, fileUnwritable]

    public static let fileUnreadable = DiagnosticCode("E0001", "file-unreadable", .error,
        summary: "a file or directory could not be read",
        explanation: """
        A path given on the command line does not exist, is not readable, or is neither a
        `.crm` file nor a directory. The message carries the operating system's reason.

        Wrong:   crm check Sampels
        Right:   crm check Samples
        """)

    public static let noModelFiles = DiagnosticCode("E0002", "no-model-files", .error,
        summary: "a directory holds no .crm files",
        explanation: """
        A directory was given as a model, but no `.crm` file was found in it or below it
        (after applying `.crmignore`). A model is the set of `.crm` files under a directory.

        Wrong:   crm check docs/
        Right:   crm check Samples/
        """)

    public static let fileTooLarge = DiagnosticCode("E0003", "file-too-large", .error,
        summary: "a file is larger than the 1 GiB limit",
        explanation: """
        Positions are 32-bit byte offsets shared by all files of a run, so one run reads at
        most 1 GiB of source per file. Split the model into several files.
        """)

    public static let fileUnwritable = DiagnosticCode("E0004", "file-unwritable", .error,
        summary: "a file could not be written",
        explanation: """
        `crm fmt` rewrites a file by writing a temporary file next to it and renaming it
        into place, so a failure never leaves a half-written file. The message carries the
        operating system's reason (a read-only directory, a full disk, missing permission).
        The original file is unchanged.
        """)
}
