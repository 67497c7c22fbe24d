//! The optional TOML configuration file.
//!
//! Settings found here fill in what flags and environment variables left unset.
//! Unknown keys are rejected, so a misspelt setting never goes unnoticed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

/// Contents of `mekong.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The node's identity.
    #[serde(default)]
    pub node: NodeSection,
    /// HTTP server settings.
    #[serde(default)]
    pub serve: ServeSection,
    /// Monitor settings.
    #[serde(default)]
    pub monitor: MonitorSection,
}

/// `[node]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSection {
    /// Node id.
    pub id: Option<String>,
    /// CN or LA.
    pub country: Option<String>,
    /// Agency name.
    pub agency: Option<String>,
}

/// `[serve]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeSection {
    /// Listen address.
    pub bind: Option<SocketAddr>,
    /// TLS certificate chain in PEM, relative to the configuration file's directory.
    pub tls_cert: Option<PathBuf>,
    /// TLS private key in PEM, relative to the configuration file's directory.
    pub tls_key: Option<PathBuf>,
}

/// `[monitor]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitorSection {
    /// Rule file, relative to the configuration file's directory.
    pub rules: Option<PathBuf>,
}

impl FileConfig {
    /// Loads the configuration from `explicit`, or from `mekong.toml` in the data
    /// directory if that exists, or returns the empty configuration.
    pub fn load(explicit: Option<&Path>, data_dir: &Path) -> Result<FileConfig> {
        let path = match explicit {
            Some(path) => path.to_owned(),
            None => {
                let default = data_dir.join("mekong.toml");
                if !default.exists() {
                    return Ok(FileConfig::default());
                }
                default
            }
        };

        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
        let mut config: FileConfig = toml::from_str(&text)
            .with_context(|| format!("invalid configuration file {}", path.display()))?;

        if let Some(parent) = path.parent() {
            for file in [&mut config.monitor.rules, &mut config.serve.tls_cert, &mut config.serve.tls_key] {
                resolve(file, parent);
            }
        }
        Ok(config)
    }
}

/// Makes a relative path from the configuration file relative to the file's directory.
fn resolve(file: &mut Option<PathBuf>, parent: &Path) {
    if let Some(path) = file.as_ref().filter(|path| path.is_relative()) {
        *file = Some(parent.join(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_key() {
        let error = toml::from_str::<FileConfig>("[serve]\nbnd = \"127.0.0.1:1\"").unwrap_err();
        assert!(error.to_string().contains("bnd"));
    }

    #[test]
    fn reads_all_sections() {
        let text = "[node]\nid = \"la-amlio\"\ncountry = \"LA\"\nagency = \"AMLIO\"\n[serve]\nbind = \"127.0.0.1:9000\"\n[monitor]\nrules = \"rules.toml\"\n";
        let config: FileConfig = toml::from_str(text).unwrap();
        assert_eq!(config.node.id.as_deref(), Some("la-amlio"));
        assert_eq!(config.serve.bind.map(|addr| addr.port()), Some(9000));
    }

    #[test]
    fn tls_paths_relative_to_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("node.toml");
        std::fs::write(&path, "[serve]\ntls_cert = \"tls/cert.pem\"\ntls_key = \"/etc/mekong/key.pem\"\n").unwrap();
        let config = FileConfig::load(Some(&path), dir.path()).unwrap();
        assert_eq!(config.serve.tls_cert, Some(dir.path().join("tls/cert.pem")));
        assert_eq!(config.serve.tls_key, Some(PathBuf::from("/etc/mekong/key.pem")));
    }
}
