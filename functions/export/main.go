// Command export is the ExportFunction Lambda (see template.yaml): the only
// binary that links the spreadsheet library (internal/sheet/xlsx).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
	"partnerskap/internal/sheet/xlsx"
)

func main() {
	lambda.Start(app.Must(app.Export(app.FromEnviron(), xlsx.Write)))
}
