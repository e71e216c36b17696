relctl {
  backend "pg" {
    workspace = "apim"
  }
  backend "github" { # ERROR: Duplicate backend
    repo = "gravitee-io/release"
  }
}
