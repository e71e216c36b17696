stage "release" {
  action "git_commit" "version" {
    remote  = "work/remotes/api.git"
    branch  = "main"
    message = "Release api 2.0.1"
    pins = [{ # ERROR: Unsupported attribute
      file         = "pom.xml"
      keep_rang    = false
      dependencies = { common = "1.5.0" }
    }]
  }
}
