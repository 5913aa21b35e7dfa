public enum ExplorerPlaceholderBuild {}
