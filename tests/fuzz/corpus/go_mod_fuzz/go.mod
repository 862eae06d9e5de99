module example.com/shop

go 1.21

toolchain go1.21.5

require (
	github.com/gin-gonic/gin v1.9.1
	github.com/google/uuid v1.3.0
	golang.org/x/net v0.17.0 // indirect
	"gopkg.in/yaml.v3" v3.0.1 // indirect; quoted path
)

require github.com/sirupsen/logrus v1.9.0

require (
	example.com/shop/internal/tools v0.0.0-00010101000000-000000000000
	github.com/old/lib v1.0.0
)

exclude golang.org/x/net v0.1.0

replace (
	// the fork carries a security fix
	github.com/old/lib => github.com/fork/lib v1.0.1
	github.com/google/uuid v1.2.0 => github.com/google/uuid v1.2.1 // other version: not applied
	example.com/shop/internal/tools => ./tools
)

retract [v1.0.0, v1.0.5]
