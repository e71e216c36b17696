milestone "apim" {
  repo  = "acme/issues"
  title = "APIM 1.0"
  notes {
    label_prefix = "type: "
    group "bug" {
      title = "Bug fixes"
    }
    group "bug" { # ERROR: Duplicate notes group "bug"
      title = "Fixes"
    }
    group "feature" {
      title  = "Features"
      labels = [] # ERROR: Empty notes group
    }
    group "docs" { # ERROR: Missing required argument
    }
  }
  notes { # ERROR: Duplicate notes block
  }
}
