provider "gitlab" {} # ERROR: Unknown provider
